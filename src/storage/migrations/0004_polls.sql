CREATE TABLE `ballots` (
	`poll_id` integer NOT NULL,
	`member_id` text NOT NULL,
	`choices` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`poll_id`, `member_id`),
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `polls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`message_id` text,
	`mode` text NOT NULL,
	`question` text NOT NULL,
	`options` text NOT NULL,
	`multiple` integer NOT NULL,
	`anonymous` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`closed_at` integer
);
