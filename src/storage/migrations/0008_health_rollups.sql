CREATE TABLE `channel_day_members` (
	`community_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`day` text NOT NULL,
	`member_id` text NOT NULL,
	PRIMARY KEY(`community_id`, `channel_id`, `day`, `member_id`)
);
--> statement-breakpoint
CREATE TABLE `channel_days` (
	`community_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`day` text NOT NULL,
	`messages` integer DEFAULT 0 NOT NULL,
	`replies` integer DEFAULT 0 NOT NULL,
	`participants` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`community_id`, `channel_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `first_messages` (
	`community_id` text NOT NULL,
	`member_id` text NOT NULL,
	`message_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`at` integer NOT NULL,
	`day` text NOT NULL,
	`first_reply_at` integer,
	PRIMARY KEY(`community_id`, `member_id`)
);
--> statement-breakpoint
CREATE INDEX `first_messages_by_message` ON `first_messages` (`community_id`,`message_id`);--> statement-breakpoint
CREATE INDEX `first_messages_by_day` ON `first_messages` (`community_id`,`day`);--> statement-breakpoint
CREATE TABLE `member_days` (
	`community_id` text NOT NULL,
	`day` text NOT NULL,
	`member_id` text NOT NULL,
	`messages` integer DEFAULT 0 NOT NULL,
	`replies` integer DEFAULT 0 NOT NULL,
	`reactions` integer DEFAULT 0 NOT NULL,
	`votes` integer DEFAULT 0 NOT NULL,
	`commands` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`community_id`, `day`, `member_id`)
);
--> statement-breakpoint
CREATE INDEX `member_days_by_member` ON `member_days` (`community_id`,`member_id`,`day`);--> statement-breakpoint
CREATE TABLE `membership_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` text NOT NULL,
	`member_id` text NOT NULL,
	`kind` text NOT NULL,
	`at` integer NOT NULL,
	`day` text NOT NULL,
	`invited_by` text
);
--> statement-breakpoint
CREATE INDEX `membership_by_day` ON `membership_events` (`community_id`,`day`);--> statement-breakpoint
CREATE INDEX `membership_by_member` ON `membership_events` (`community_id`,`member_id`,`at`);--> statement-breakpoint
CREATE TABLE `staff_members` (
	`community_id` text NOT NULL,
	`member_id` text NOT NULL,
	`since` integer NOT NULL,
	PRIMARY KEY(`community_id`, `member_id`)
);
--> statement-breakpoint
ALTER TABLE `message_activity` ADD `reply_to` text;--> statement-breakpoint
-- Backfill from what was kept before roll-ups existed. SQL knows no IANA timezone, so
-- history before this migration is bucketed by UTC day; new activity uses the community's.
INSERT INTO `membership_events` (`community_id`, `member_id`, `kind`, `at`, `day`)
  SELECT `community_id`, `member_id`, 'join', `joined_at`, date(`joined_at` / 1000, 'unixepoch') FROM `members` WHERE `joined_at` IS NOT NULL;
--> statement-breakpoint
INSERT INTO `membership_events` (`community_id`, `member_id`, `kind`, `at`, `day`)
  SELECT `community_id`, `member_id`, 'leave', `left_at`, date(`left_at` / 1000, 'unixepoch') FROM `members`
  WHERE `left_at` IS NOT NULL AND (`joined_at` IS NULL OR `left_at` >= `joined_at`);
--> statement-breakpoint
INSERT INTO `member_days` (`community_id`, `day`, `member_id`, `messages`)
  SELECT `community_id`, date(`at` / 1000, 'unixepoch'), `member_id`, count(*) FROM `message_activity` GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO `channel_day_members` (`community_id`, `channel_id`, `day`, `member_id`)
  SELECT DISTINCT `community_id`, `channel_id`, date(`at` / 1000, 'unixepoch'), `member_id` FROM `message_activity`;
--> statement-breakpoint
INSERT INTO `channel_days` (`community_id`, `channel_id`, `day`, `messages`, `participants`)
  SELECT `community_id`, `channel_id`, date(`at` / 1000, 'unixepoch'), count(*), count(DISTINCT `member_id`) FROM `message_activity` GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT OR IGNORE INTO `first_messages` (`community_id`, `member_id`, `message_id`, `channel_id`, `at`, `day`)
  SELECT a.`community_id`, a.`member_id`, min(a.`message_id`), min(a.`channel_id`), m.`first_message_at`, date(m.`first_message_at` / 1000, 'unixepoch')
  FROM `members` m JOIN `message_activity` a ON a.`community_id` = m.`community_id` AND a.`member_id` = m.`member_id` AND a.`at` = m.`first_message_at`
  GROUP BY a.`community_id`, a.`member_id`;
