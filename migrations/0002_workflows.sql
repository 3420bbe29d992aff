CREATE TABLE `workflow_versions` (
	`workflow_id` text NOT NULL,
	`version` integer NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`graph` text NOT NULL,
	`note` text,
	`published_by` text NOT NULL,
	`published_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	PRIMARY KEY(`workflow_id`, `version`)
);
--> statement-breakpoint
CREATE INDEX `workflow_versions_org_idx` ON `workflow_versions` (`org_id`);--> statement-breakpoint
CREATE TABLE `workflows` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`is_template` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`draft_graph` text NOT NULL,
	`draft_revision` integer DEFAULT 1 NOT NULL,
	`latest_version` integer DEFAULT 0 NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`archived_at` integer
);
--> statement-breakpoint
CREATE INDEX `workflows_org_updated_idx` ON `workflows` (`org_id`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `workflows_org_name_idx` ON `workflows` (`org_id`,`name`);