CREATE TABLE `calendar_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`source` text NOT NULL,
	`text` text,
	`file` text,
	`channel` text NOT NULL,
	`at` integer,
	`cron` text,
	`timezone` text NOT NULL,
	`status` text NOT NULL,
	`author` text NOT NULL,
	`approved_by` text,
	`approved_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `calendar_posts` (
	`entry_id` text NOT NULL,
	`slot` integer NOT NULL,
	`status` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`entry_id`, `slot`)
);
