-- Published workflow versions are immutable: runs pin them, so the database refuses changes.
CREATE TRIGGER IF NOT EXISTS workflow_versions_no_update
BEFORE UPDATE ON workflow_versions
BEGIN
  SELECT RAISE(ABORT, 'workflow_versions are immutable');
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS workflow_versions_no_delete
BEFORE DELETE ON workflow_versions
BEGIN
  SELECT RAISE(ABORT, 'workflow_versions are immutable');
END;
