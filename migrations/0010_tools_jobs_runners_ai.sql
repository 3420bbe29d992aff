CREATE TABLE `ai_diagnoses` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`run_id` text NOT NULL,
	`workflow_id` text NOT NULL,
	`error_code` text,
	`answer` text NOT NULL,
	`model` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `ai_diagnoses_org_run_idx` ON `ai_diagnoses` (`org_id`,`run_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `ai_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`run_id` text,
	`goal` text NOT NULL,
	`status` text NOT NULL,
	`steps` text NOT NULL,
	`rejected` text NOT NULL,
	`model` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`decided_by` text,
	`decided_at` integer
);
--> statement-breakpoint
CREATE INDEX `ai_plans_org_created_idx` ON `ai_plans` (`org_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `ai_plans_org_run_idx` ON `ai_plans` (`org_id`,`run_id`);--> statement-breakpoint
CREATE TABLE `mcp_servers` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`label` text NOT NULL,
	`url` text NOT NULL,
	`auth_type` text NOT NULL,
	`header_name` text,
	`token_ciphertext` text,
	`token_key_id` text,
	`token_hint` text,
	`allowed_tools` text DEFAULT '[]' NOT NULL,
	`rate_limit_per_min` integer DEFAULT 100 NOT NULL,
	`status` text DEFAULT 'unknown' NOT NULL,
	`latency_ms` integer,
	`last_tested_at` integer,
	`tools` text DEFAULT '[]' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mcp_servers_org_label_idx` ON `mcp_servers` (`org_id`,`label`);--> statement-breakpoint
CREATE TABLE `tool_policies` (
	`org_id` text NOT NULL,
	`pattern` text NOT NULL,
	`decision` text,
	`rate_limit_per_min` integer,
	`updated_by` text NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	PRIMARY KEY(`org_id`, `pattern`)
);
--> statement-breakpoint
CREATE TABLE `usage_events` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`run_id` text,
	`workflow_id` text,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`calls` integer DEFAULT 1 NOT NULL,
	`tokens_in` integer DEFAULT 0 NOT NULL,
	`tokens_out` integer DEFAULT 0 NOT NULL,
	`cost_micro_usd` integer DEFAULT 0 NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `usage_events_org_at_idx` ON `usage_events` (`org_id`,`at`);--> statement-breakpoint
CREATE INDEX `usage_events_run_idx` ON `usage_events` (`run_id`);--> statement-breakpoint
CREATE TABLE `runner_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`run_id` text NOT NULL,
	`node_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`idempotency_key` text NOT NULL,
	`labels` text DEFAULT '[]' NOT NULL,
	`command` text NOT NULL,
	`env` text DEFAULT '{}' NOT NULL,
	`connection_env` text DEFAULT '{}' NOT NULL,
	`timeout_ms` integer NOT NULL,
	`workdir` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`runner_id` text,
	`lease_expires_at` integer,
	`claims` integer DEFAULT 0 NOT NULL,
	`exit_code` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`completed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `runner_tasks_idempotency_idx` ON `runner_tasks` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `runner_tasks_org_status_idx` ON `runner_tasks` (`org_id`,`status`);--> statement-breakpoint
CREATE INDEX `runner_tasks_run_idx` ON `runner_tasks` (`run_id`,`node_id`);--> statement-breakpoint
CREATE TABLE `runners` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`labels` text DEFAULT '[]' NOT NULL,
	`token_prefix` text NOT NULL,
	`token_hash` text NOT NULL,
	`version` text,
	`last_seen_at` integer,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `runners_token_prefix_idx` ON `runners` (`token_prefix`);--> statement-breakpoint
CREATE INDEX `runners_org_idx` ON `runners` (`org_id`);--> statement-breakpoint
ALTER TABLE `runs` ADD `kind` text DEFAULT 'workflow' NOT NULL;--> statement-breakpoint
ALTER TABLE `runs` ADD `runbook` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `job_inputs` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `source` text;--> statement-breakpoint
CREATE INDEX `runs_org_kind_created_idx` ON `runs` (`org_id`,`kind`,`created_at`,`id`);--> statement-breakpoint
ALTER TABLE `workflows` ADD `runbook` text;--> statement-breakpoint
CREATE UNIQUE INDEX `workflows_org_runbook_idx` ON `workflows` (`org_id`,`runbook`);