CREATE TABLE `member_levels` (
	`community_id` text NOT NULL,
	`member_id` text NOT NULL,
	`rank` integer NOT NULL,
	`level` text NOT NULL,
	`since` integer NOT NULL,
	`below_since` integer,
	`congratulated_at` integer,
	PRIMARY KEY(`community_id`, `member_id`)
);
--> statement-breakpoint
CREATE TABLE `thanks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` text NOT NULL,
	`giver_id` text NOT NULL,
	`receiver_id` text NOT NULL,
	`at` integer NOT NULL,
	`via` text NOT NULL,
	`message_id` text,
	`emoji` text
);
--> statement-breakpoint
CREATE INDEX `thanks_by_receiver` ON `thanks` (`community_id`,`receiver_id`,`at`);--> statement-breakpoint
CREATE INDEX `thanks_by_pair` ON `thanks` (`community_id`,`giver_id`,`receiver_id`,`at`);--> statement-breakpoint
CREATE INDEX `thanks_by_time` ON `thanks` (`community_id`,`at`);--> statement-breakpoint
CREATE UNIQUE INDEX `thanks_reaction` ON `thanks` (`community_id`,`message_id`,`giver_id`,`emoji`);
