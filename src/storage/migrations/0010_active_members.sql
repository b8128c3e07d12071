CREATE TABLE `active_members` (
	`community_id` text NOT NULL,
	`span` integer NOT NULL,
	`day` text NOT NULL,
	`members` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`community_id`, `span`, `day`)
);
