CREATE TABLE `missed_you_absences` (
	`community_id` text NOT NULL,
	`member_id` text NOT NULL,
	`last_active_day` text NOT NULL,
	`eligible_at` integer NOT NULL,
	`eligible_day` text NOT NULL,
	`cohort` text NOT NULL,
	`contact_status` text,
	`contacted_at` integer,
	PRIMARY KEY(`community_id`, `member_id`, `last_active_day`)
);
--> statement-breakpoint
CREATE INDEX `missed_you_by_time` ON `missed_you_absences` (`community_id`,`eligible_at`);--> statement-breakpoint
CREATE TABLE `surveys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` text NOT NULL,
	`kind` text NOT NULL,
	`question` text,
	`started_by` text NOT NULL,
	`started_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`closed_at` integer,
	`min_responses` integer NOT NULL,
	`asked` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `surveys_by_community` ON `surveys` (`community_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `survey_invites` (
	`survey_id` integer NOT NULL,
	`community_id` text NOT NULL,
	`member_id` text NOT NULL,
	`invited_at` integer NOT NULL,
	PRIMARY KEY(`survey_id`, `member_id`)
);
--> statement-breakpoint
CREATE TABLE `survey_answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`survey_id` integer NOT NULL,
	`community_id` text NOT NULL,
	`member_id` text,
	`score` integer NOT NULL,
	`comment` text,
	`answered_at` integer
);
--> statement-breakpoint
CREATE INDEX `survey_answers_by_survey` ON `survey_answers` (`survey_id`);--> statement-breakpoint
CREATE INDEX `survey_answers_by_member` ON `survey_answers` (`community_id`,`member_id`);
