-- Full-text search over marketplace items (title, description, tags) with FTS5, ranked by bm25().
-- Triggers keep the index in step with marketplace_items; tags are indexed as space-separated words.
CREATE VIRTUAL TABLE IF NOT EXISTS marketplace_items_fts USING fts5(
  item_id UNINDEXED,
  title,
  description,
  tags,
  tokenize = 'porter unicode61'
);
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS marketplace_items_fts_insert
AFTER INSERT ON marketplace_items
BEGIN
  INSERT INTO marketplace_items_fts (item_id, title, description, tags)
  VALUES (new.id, new.title, new.description, (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(new.tags)));
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS marketplace_items_fts_update
AFTER UPDATE OF title, description, tags ON marketplace_items
BEGIN
  DELETE FROM marketplace_items_fts WHERE item_id = old.id;
  INSERT INTO marketplace_items_fts (item_id, title, description, tags)
  VALUES (new.id, new.title, new.description, (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(new.tags)));
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS marketplace_items_fts_delete
AFTER DELETE ON marketplace_items
BEGIN
  DELETE FROM marketplace_items_fts WHERE item_id = old.id;
END;
