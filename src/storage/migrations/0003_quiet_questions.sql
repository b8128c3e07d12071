CREATE TABLE `quiet_channels` (
	`community_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`last_member_at` integer,
	`last_was_ours` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`community_id`, `channel_id`)
);
--> statement-breakpoint
CREATE TABLE `quiet_questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`question` text NOT NULL,
	`posted_at` integer NOT NULL,
	`replies` integer DEFAULT 0 NOT NULL,
	`revived` integer
);
--> statement-breakpoint
CREATE INDEX `quiet_questions_channel` ON `quiet_questions` (`community_id`,`channel_id`,`posted_at`);