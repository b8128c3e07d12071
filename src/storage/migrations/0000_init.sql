CREATE TABLE `communities` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `job_runs` (
	`job_id` text NOT NULL,
	`slot` integer NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`note` text,
	PRIMARY KEY(`job_id`, `slot`)
);
--> statement-breakpoint
CREATE TABLE `job_state` (
	`job_id` text PRIMARY KEY NOT NULL,
	`checked_until` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `key_value` (
	`namespace` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (unixepoch()) NOT NULL,
	PRIMARY KEY(`namespace`, `key`)
);
--> statement-breakpoint
CREATE TABLE `members` (
	`community_id` text NOT NULL,
	`member_id` text NOT NULL,
	`display_name` text NOT NULL,
	`joined_at` integer,
	`left_at` integer,
	`first_message_at` integer,
	`has_photo` integer DEFAULT false NOT NULL,
	`photo_set_at` integer,
	`onboarding_completed_at` integer,
	`locale` text,
	PRIMARY KEY(`community_id`, `member_id`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `members_joined` ON `members` (`community_id`,`joined_at`);--> statement-breakpoint
CREATE TABLE `message_activity` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`member_id` text NOT NULL,
	`message_id` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `activity_message` ON `message_activity` (`community_id`,`message_id`);--> statement-breakpoint
CREATE INDEX `activity_by_time` ON `message_activity` (`community_id`,`at`);--> statement-breakpoint
CREATE INDEX `activity_by_member` ON `message_activity` (`community_id`,`member_id`,`at`);--> statement-breakpoint
CREATE TABLE `onboarding_steps` (
	`community_id` text NOT NULL,
	`member_id` text NOT NULL,
	`step` text NOT NULL,
	`done_at` integer NOT NULL,
	`detail` text,
	PRIMARY KEY(`community_id`, `member_id`, `step`)
);
--> statement-breakpoint
CREATE TABLE `outreach_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` text NOT NULL,
	`member_id` text NOT NULL,
	`effect_key` text NOT NULL,
	`feature` text NOT NULL,
	`reason` text NOT NULL,
	`via` text NOT NULL,
	`at` integer NOT NULL,
	`status` text NOT NULL,
	`outcome` text,
	`outcome_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outreach_effect` ON `outreach_log` (`effect_key`);--> statement-breakpoint
CREATE INDEX `outreach_member` ON `outreach_log` (`community_id`,`member_id`,`at`);--> statement-breakpoint
CREATE TABLE `processed_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`handled_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `scheduled_tasks` (
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`due_at` integer NOT NULL,
	`payload` text,
	`status` text NOT NULL,
	`claimed_at` integer,
	`finished_at` integer,
	`note` text,
	PRIMARY KEY(`kind`, `key`)
);
--> statement-breakpoint
CREATE INDEX `tasks_due` ON `scheduled_tasks` (`status`,`due_at`);--> statement-breakpoint
CREATE TABLE `welcome_queue` (
	`community_id` text NOT NULL,
	`member_id` text NOT NULL,
	`joined_at` integer NOT NULL,
	`display_name` text NOT NULL,
	`welcomed_at` integer,
	PRIMARY KEY(`community_id`, `member_id`, `joined_at`)
);
