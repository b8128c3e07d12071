CREATE TABLE `digest_issues` (
	`community_id` text NOT NULL,
	`period_end` integer NOT NULL,
	`period_start` integer NOT NULL,
	`status` text NOT NULL,
	`opened_at` integer NOT NULL,
	`approved_by` text,
	`approved_at` integer,
	`reminded_at` integer,
	`posted_at` integer,
	PRIMARY KEY(`community_id`, `period_end`)
);
--> statement-breakpoint
CREATE TABLE `digest_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` text NOT NULL,
	`author_id` text NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL,
	`issue_end` integer
);
--> statement-breakpoint
CREATE INDEX `digest_notes_pending` ON `digest_notes` (`community_id`,`issue_end`);
