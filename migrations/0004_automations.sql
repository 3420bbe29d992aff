CREATE TABLE `automation_callback_receipts` (
	`destination_id` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`org_id` text NOT NULL,
	`action` text NOT NULL,
	`state` text NOT NULL,
	`response_status` integer,
	`response_body` text,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`completed_at` integer,
	PRIMARY KEY(`destination_id`, `dedupe_key`)
);
--> statement-breakpoint
CREATE TABLE `automation_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`destination_id` text NOT NULL,
	`event_id` text NOT NULL,
	`event_type` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`round` integer DEFAULT 1 NOT NULL,
	`round_attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`lease_until` integer,
	`last_attempt_at` integer,
	`last_status_code` integer,
	`last_error` text,
	`last_latency_ms` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `automation_deliveries_destination_event_idx` ON `automation_deliveries` (`destination_id`,`event_id`);--> statement-breakpoint
CREATE INDEX `automation_deliveries_org_time_idx` ON `automation_deliveries` (`org_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `automation_deliveries_due_idx` ON `automation_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `automation_delivery_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`delivery_id` text NOT NULL,
	`org_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`round` integer NOT NULL,
	`started_at` integer NOT NULL,
	`latency_ms` integer NOT NULL,
	`outcome` text NOT NULL,
	`status_code` integer,
	`error_code` text,
	`error` text,
	`response_snippet` text,
	`next_retry_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `automation_delivery_attempts_delivery_idx` ON `automation_delivery_attempts` (`delivery_id`,`attempt`);--> statement-breakpoint
CREATE TABLE `automation_destinations` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`event_types` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`secret_ciphertext` text NOT NULL,
	`secret_mask` text NOT NULL,
	`previous_secret_ciphertext` text,
	`previous_secret_mask` text,
	`previous_expires_at` integer,
	`disabled_reason` text,
	`disabled_message` text,
	`disabled_at` integer,
	`failing_since` integer,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE INDEX `automation_destinations_org_idx` ON `automation_destinations` (`org_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `automation_events` (
	`org_id` text NOT NULL,
	`event_id` text NOT NULL,
	`type` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`payload` text NOT NULL,
	`correlation_id` text,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	PRIMARY KEY(`org_id`, `event_id`)
);
--> statement-breakpoint
CREATE INDEX `automation_events_org_time_idx` ON `automation_events` (`org_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `comments` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`target` text NOT NULL,
	`body` text NOT NULL,
	`author` text NOT NULL,
	`source` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `comments_org_target_idx` ON `comments` (`org_id`,`target`,`created_at`);