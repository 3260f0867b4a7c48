CREATE TABLE `cosigns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cosigns_topic_person` ON `cosigns` (`topic_id`,`person_id`);--> statement-breakpoint
CREATE TABLE `meeting_agenda_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`meeting_id` integer NOT NULL,
	`topic_id` integer NOT NULL,
	`position` integer NOT NULL,
	`discussion` text DEFAULT '' NOT NULL,
	`conclusion` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `meeting_agenda_meeting_topic` ON `meeting_agenda_items` (`meeting_id`,`topic_id`);--> statement-breakpoint
CREATE INDEX `meeting_agenda_topic` ON `meeting_agenda_items` (`topic_id`);--> statement-breakpoint
CREATE TABLE `meeting_attendance` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`meeting_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`method` text NOT NULL,
	`recorded_by` integer,
	`at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `meeting_attendance_meeting_person` ON `meeting_attendance` (`meeting_id`,`person_id`);--> statement-breakpoint
CREATE TABLE `meeting_follow_ups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`meeting_id` integer NOT NULL,
	`topic_id` integer,
	`action` text NOT NULL,
	`owner` text DEFAULT '' NOT NULL,
	`due_on` text,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meeting_follow_ups_meeting` ON `meeting_follow_ups` (`meeting_id`);--> statement-breakpoint
CREATE TABLE `meeting_invitees` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`meeting_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`invited_as` text DEFAULT 'person' NOT NULL,
	`response` text DEFAULT 'pending' NOT NULL,
	`responded_at` integer,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `meeting_invitees_meeting_person` ON `meeting_invitees` (`meeting_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `meeting_invitees_person` ON `meeting_invitees` (`person_id`);--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` integer NOT NULL,
	`grid_id` integer,
	`title` text NOT NULL,
	`starts_at` integer NOT NULL,
	`duration_minutes` integer DEFAULT 90 NOT NULL,
	`place` text DEFAULT '' NOT NULL,
	`online_url` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`checkin_code` text,
	`checkin_expires_at` integer,
	`minutes_json` text,
	`minutes_html` text,
	`minutes_published_at` integer,
	`created_by` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meetings_grid_starts` ON `meetings` (`grid_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `meetings_community_starts` ON `meetings` (`community_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`kind` text NOT NULL,
	`topic_id` integer,
	`meeting_id` integer,
	`data` text,
	`read_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_person_unread` ON `notifications` (`person_id`,`read_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `opinions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic_id` integer NOT NULL,
	`author_id` integer NOT NULL,
	`parent_id` integer,
	`stance` text,
	`body` text NOT NULL,
	`official_organisation_id` integer,
	`hidden_at` integer,
	`hidden_by` integer,
	`hidden_reason` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`official_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `opinions_topic` ON `opinions` (`topic_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `topic_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic_id` integer NOT NULL,
	`actor_id` integer,
	`kind` text NOT NULL,
	`from_state` text,
	`to_state` text,
	`note` text,
	`data` text,
	`at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `topic_events_topic` ON `topic_events` (`topic_id`,`at`);--> statement-breakpoint
CREATE TABLE `topic_invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`invited_by` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invited_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `topic_invitations_topic_person` ON `topic_invitations` (`topic_id`,`person_id`);--> statement-breakpoint
CREATE TABLE `topic_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic_id` integer NOT NULL,
	`stored_name` text NOT NULL,
	`mime` text NOT NULL,
	`bytes` integer NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `topic_photos_stored_name_unique` ON `topic_photos` (`stored_name`);--> statement-breakpoint
CREATE INDEX `topic_photos_topic` ON `topic_photos` (`topic_id`);--> statement-breakpoint
CREATE TABLE `topics` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` integer NOT NULL,
	`grid_id` integer NOT NULL,
	`building_id` integer,
	`agenda_item_id` integer NOT NULL,
	`title` text NOT NULL,
	`description_json` text NOT NULL,
	`description_html` text NOT NULL,
	`location` text DEFAULT '' NOT NULL,
	`proposer_id` integer NOT NULL,
	`state` text NOT NULL,
	`level` text DEFAULT 'grid' NOT NULL,
	`cosign_threshold` integer NOT NULL,
	`cosign_count` integer DEFAULT 0 NOT NULL,
	`opinion_count` integer DEFAULT 0 NOT NULL,
	`cosign_deadline` integer NOT NULL,
	`expiry_warned_at` integer,
	`merged_into_id` integer,
	`reject_reason` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`building_id`) REFERENCES `buildings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agenda_item_id`) REFERENCES `agenda_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposer_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `topics_grid_state` ON `topics` (`grid_id`,`state`,`updated_at`);--> statement-breakpoint
CREATE INDEX `topics_community_state` ON `topics` (`community_id`,`state`,`updated_at`);--> statement-breakpoint
CREATE INDEX `topics_proposer` ON `topics` (`proposer_id`);--> statement-breakpoint
CREATE INDEX `topics_item` ON `topics` (`agenda_item_id`);--> statement-breakpoint
CREATE INDEX `topics_deadline` ON `topics` (`state`,`cosign_deadline`);--> statement-breakpoint
ALTER TABLE `grids` ADD `cosign_window_days` integer DEFAULT 14 NOT NULL;