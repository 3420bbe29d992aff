CREATE TABLE `run_idempotency` (
	`org_id` text NOT NULL,
	`key` text NOT NULL,
	`run_id` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	PRIMARY KEY(`org_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `runs` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`workflow_id` text NOT NULL,
	`version` integer NOT NULL,
	`status` text NOT NULL,
	`wait_reason` text,
	`trigger_type` text NOT NULL,
	`created_by` text NOT NULL,
	`user_id` text,
	`correlation_id` text NOT NULL,
	`parent_run_id` text,
	`dry_run` integer DEFAULT false NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`error_code` text,
	`error_human` text,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`started_at` integer,
	`completed_at` integer,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`deadline_at` integer
);
--> statement-breakpoint
CREATE INDEX `runs_org_created_idx` ON `runs` (`org_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `runs_org_status_idx` ON `runs` (`org_id`,`status`);--> statement-breakpoint
CREATE INDEX `runs_org_workflow_idx` ON `runs` (`org_id`,`workflow_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `runs_status_updated_idx` ON `runs` (`status`,`updated_at`);