CREATE INDEX `ballots_meeting` ON `ballots` (`meeting_id`);--> statement-breakpoint
CREATE INDEX `cosigns_person` ON `cosigns` (`person_id`,`topic_id`);--> statement-breakpoint
CREATE INDEX `meeting_attendance_person` ON `meeting_attendance` (`person_id`);--> statement-breakpoint
CREATE INDEX `notices_topic` ON `notices` (`topic_id`);--> statement-breakpoint
CREATE INDEX `notices_resolution` ON `notices` (`resolution_id`);--> statement-breakpoint
CREATE INDEX `notices_published` ON `notices` (`published_at`);--> statement-breakpoint
CREATE INDEX `notices_until_published` ON `notices` (`until`,`published_at`);--> statement-breakpoint
CREATE INDEX `resolutions_ballot` ON `resolutions` (`ballot_id`);--> statement-breakpoint
CREATE INDEX `tasks_taken_by` ON `tasks` (`taken_by`);--> statement-breakpoint
CREATE INDEX `tasks_community_status` ON `tasks` (`community_id`,`status`);