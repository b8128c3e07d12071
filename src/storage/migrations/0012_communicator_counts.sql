CREATE TABLE `communicator_counts` (
	`community_id` text NOT NULL,
	`day` text NOT NULL,
	`members` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`community_id`, `day`)
);
