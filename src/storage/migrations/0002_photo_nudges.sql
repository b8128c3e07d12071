CREATE TABLE `photo_nudges` (
	`community_id` text NOT NULL,
	`member_id` text NOT NULL,
	`joined_at` integer NOT NULL,
	`messages_seen` integer DEFAULT 0 NOT NULL,
	`nudges_sent` integer DEFAULT 0 NOT NULL,
	`first_nudge_at` integer,
	`last_nudge_at` integer,
	`photo_set_at` integer,
	PRIMARY KEY(`community_id`, `member_id`, `joined_at`)
);
