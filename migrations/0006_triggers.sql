CREATE TABLE `event_triggers` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`workflow_id` text NOT NULL,
	`source_workflow_id` text NOT NULL,
	`on` text NOT NULL,
	`debounce_ms` integer,
	`enabled` integer DEFAULT true NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `event_triggers_source_idx` ON `event_triggers` (`org_id`,`source_workflow_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `event_triggers_pair_idx` ON `event_triggers` (`workflow_id`,`source_workflow_id`);--> statement-breakpoint
CREATE TABLE `scheduled_starts` (
	`schedule_id` text NOT NULL,
	`due_at` integer NOT NULL,
	`org_id` text NOT NULL,
	`workflow_id` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`run_id` text,
	`error` text,
	`enqueued_at` integer NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	PRIMARY KEY(`schedule_id`, `due_at`)
);
--> statement-breakpoint
CREATE INDEX `scheduled_starts_pending_idx` ON `scheduled_starts` (`status`,`enqueued_at`);--> statement-breakpoint
CREATE TABLE `schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`workflow_id` text NOT NULL,
	`cron` text NOT NULL,
	`timezone` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`missed_run_policy` text DEFAULT 'skip' NOT NULL,
	`next_run_at` integer,
	`last_scheduled_run` integer,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `schedules_workflow_idx` ON `schedules` (`workflow_id`);--> statement-breakpoint
CREATE INDEX `schedules_due_idx` ON `schedules` (`enabled`,`next_run_at`);--> statement-breakpoint
CREATE INDEX `schedules_org_idx` ON `schedules` (`org_id`);--> statement-breakpoint
CREATE TABLE `webhook_triggers` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`workflow_id` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`secret_ciphertext` text NOT NULL,
	`secret_mask` text NOT NULL,
	`mode` text DEFAULT 'async' NOT NULL,
	`sync_timeout_ms` integer DEFAULT 10000 NOT NULL,
	`rate_limit_per_minute` integer DEFAULT 60 NOT NULL,
	`debounce_ms` integer,
	`enabled` integer DEFAULT true NOT NULL,
	`last_used_at` integer,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_triggers_workflow_idx` ON `webhook_triggers` (`org_id`,`workflow_id`,`created_at`);