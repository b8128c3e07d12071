CREATE TABLE `crisis_state` (
	`community_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`mode` text NOT NULL,
	`snapshot` text,
	`started_at` integer NOT NULL,
	`started_by` text NOT NULL,
	PRIMARY KEY(`community_id`, `channel_id`)
);
--> statement-breakpoint
ALTER TABLE `reports` ADD `evidence_text` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `evidence_author` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `evidence_at` integer;--> statement-breakpoint
ALTER TABLE `reports` ADD `evidence_link` text;