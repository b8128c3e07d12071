CREATE TABLE `report_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`note` text,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` text NOT NULL,
	`reporter_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`target_message_id` text,
	`reason` text NOT NULL,
	`severity` text NOT NULL,
	`status` text NOT NULL,
	`assignee` text,
	`escalation_level` integer DEFAULT 0 NOT NULL,
	`outcome` text,
	`upheld` integer,
	`created_at` integer NOT NULL,
	`acknowledged_at` integer,
	`resolved_at` integer
);
--> statement-breakpoint
CREATE INDEX `reports_open` ON `reports` (`community_id`,`status`);--> statement-breakpoint
CREATE INDEX `reports_reporter` ON `reports` (`community_id`,`reporter_id`,`created_at`);