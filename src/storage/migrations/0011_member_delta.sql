ALTER TABLE `membership_events` ADD `member_delta` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `membership_by_time` ON `membership_events` (`community_id`,`at`,`member_delta`);--> statement-breakpoint
-- Events recorded before this column existed get their deltas: this event is a join,
-- less whether the member's previous event (in (at, id) order) was one.
UPDATE `membership_events` SET `member_delta` = (`kind` = 'join') - coalesce((
  SELECT p.`kind` = 'join' FROM `membership_events` p
  WHERE p.`community_id` = `membership_events`.`community_id` AND p.`member_id` = `membership_events`.`member_id`
    AND (p.`at` < `membership_events`.`at` OR (p.`at` = `membership_events`.`at` AND p.`id` < `membership_events`.`id`))
  ORDER BY p.`at` DESC, p.`id` DESC LIMIT 1), 0);
