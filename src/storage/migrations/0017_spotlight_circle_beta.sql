CREATE TABLE `spotlight_optouts` (
	`community_id` text NOT NULL,
	`member_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`community_id`, `member_id`)
);
--> statement-breakpoint
CREATE TABLE `spotlights` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` text NOT NULL,
	`member_id` text NOT NULL,
	`picked_by` text NOT NULL,
	`picked_at` integer NOT NULL,
	`status` text NOT NULL,
	`expires_at` integer NOT NULL,
	`consent_at` integer,
	`story` text,
	`story_at` integer,
	`closed_at` integer
);
--> statement-breakpoint
CREATE INDEX `spotlights_by_member` ON `spotlights` (`community_id`,`member_id`,`picked_at`);
--> statement-breakpoint
CREATE TABLE `circle_members` (
	`community_id` text NOT NULL,
	`member_id` text NOT NULL,
	`added_by` text NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`community_id`, `member_id`)
);
--> statement-breakpoint
CREATE TABLE `beta_members` (
	`community_id` text NOT NULL,
	`member_id` text NOT NULL,
	`status` text NOT NULL,
	`invited_by` text,
	`invited_at` integer,
	`joined_at` integer,
	PRIMARY KEY(`community_id`, `member_id`)
);
--> statement-breakpoint
ALTER TABLE `polls` ADD `audience` text DEFAULT 'everyone' NOT NULL;
--> statement-breakpoint
ALTER TABLE `polls` ADD `opens_at` integer;
--> statement-breakpoint
ALTER TABLE `calendar_entries` ADD `audience` text DEFAULT 'everyone' NOT NULL;
