CREATE TABLE `newsletter_subscribers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` text NOT NULL,
	`address` text NOT NULL,
	`member_id` text,
	`locale` text,
	`status` text NOT NULL,
	`code_hash` text,
	`code_expires_at` integer,
	`unsubscribe_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`confirmed_at` integer,
	`unsubscribed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `newsletter_subscribers_by_address` ON `newsletter_subscribers` (`community_id`,`address`);--> statement-breakpoint
CREATE UNIQUE INDEX `newsletter_subscribers_by_token` ON `newsletter_subscribers` (`unsubscribe_token`);--> statement-breakpoint
CREATE INDEX `newsletter_subscribers_by_member` ON `newsletter_subscribers` (`community_id`,`member_id`);--> statement-breakpoint
CREATE TABLE `newsletter_consents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subscriber_id` integer NOT NULL,
	`community_id` text NOT NULL,
	`kind` text NOT NULL,
	`at` integer NOT NULL,
	`source` text NOT NULL,
	`address` text NOT NULL,
	`wording` text
);
--> statement-breakpoint
CREATE INDEX `newsletter_consents_by_subscriber` ON `newsletter_consents` (`subscriber_id`,`at`);--> statement-breakpoint
CREATE TABLE `newsletter_issues` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` text NOT NULL,
	`period` text NOT NULL,
	`subject` text NOT NULL,
	`text_body` text NOT NULL,
	`html_body` text NOT NULL,
	`created_at` integer NOT NULL,
	`completed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `newsletter_issues_by_period` ON `newsletter_issues` (`community_id`,`period`);--> statement-breakpoint
CREATE TABLE `newsletter_deliveries` (
	`issue_id` integer NOT NULL,
	`subscriber_id` integer NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`message_id` text NOT NULL,
	`sent_at` integer,
	`error` text,
	PRIMARY KEY(`issue_id`, `subscriber_id`)
);
--> statement-breakpoint
CREATE INDEX `newsletter_deliveries_by_status` ON `newsletter_deliveries` (`issue_id`,`status`);
