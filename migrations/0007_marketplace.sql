CREATE TABLE `marketplace_installs` (
	`id` text PRIMARY KEY NOT NULL,
	`item_id` text NOT NULL,
	`org_id` text NOT NULL,
	`user_id` text NOT NULL,
	`workflow_id` text NOT NULL,
	`installed_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `marketplace_installs_item_idx` ON `marketplace_installs` (`item_id`);--> statement-breakpoint
CREATE INDEX `marketplace_installs_org_idx` ON `marketplace_installs` (`org_id`);--> statement-breakpoint
CREATE TABLE `marketplace_items` (
	`id` text PRIMARY KEY NOT NULL,
	`resource_type` text NOT NULL,
	`publisher_org_id` text NOT NULL,
	`publisher_user_id` text NOT NULL,
	`source_workflow_id` text NOT NULL,
	`source_version` integer NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`category` text NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`snapshot` text NOT NULL,
	`setup` text NOT NULL,
	`published` integer DEFAULT true NOT NULL,
	`install_count` integer DEFAULT 0 NOT NULL,
	`rating_count` integer DEFAULT 0 NOT NULL,
	`avg_rating` real DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `marketplace_items_published_created_idx` ON `marketplace_items` (`published`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `marketplace_items_publisher_idx` ON `marketplace_items` (`publisher_org_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `marketplace_items_source_idx` ON `marketplace_items` (`publisher_org_id`,`source_workflow_id`,`source_version`);--> statement-breakpoint
CREATE TABLE `marketplace_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`item_id` text NOT NULL,
	`user_id` text NOT NULL,
	`org_id` text NOT NULL,
	`rating` integer NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `marketplace_reviews_item_user_idx` ON `marketplace_reviews` (`item_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `marketplace_reviews_item_updated_idx` ON `marketplace_reviews` (`item_id`,`updated_at`);