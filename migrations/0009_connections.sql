CREATE TABLE `connections` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`secret_ciphertext` text NOT NULL,
	`key_id` text NOT NULL,
	`hint` text NOT NULL,
	`config` text DEFAULT '{}' NOT NULL,
	`expires_at` integer,
	`last_used_at` integer,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `connections_org_name_idx` ON `connections` (`org_id`,`name`);--> statement-breakpoint
CREATE INDEX `connections_org_idx` ON `connections` (`org_id`);