CREATE INDEX `missed_you_awaiting` ON `missed_you_absences` (`community_id`,`eligible_at`,`member_id`);--> statement-breakpoint
DROP INDEX `missed_you_by_time`;
