CREATE TABLE `meeting_display_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`meeting_id` integer NOT NULL,
	`code_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `meeting_display_codes_hash` ON `meeting_display_codes` (`code_hash`);--> statement-breakpoint
CREATE INDEX `meeting_display_codes_meeting` ON `meeting_display_codes` (`meeting_id`);--> statement-breakpoint
CREATE TABLE `meeting_rooms` (
	`meeting_id` integer PRIMARY KEY NOT NULL,
	`phase` text DEFAULT 'waiting' NOT NULL,
	`current_agenda_item_id` integer,
	`chair_person_id` integer,
	`speaking_seconds` integer DEFAULT 180 NOT NULL,
	`started_at` integer,
	`ended_at` integer,
	`version` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`current_agenda_item_id`) REFERENCES `meeting_agenda_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`chair_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `meeting_speakers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`meeting_id` integer NOT NULL,
	`agenda_item_id` integer,
	`person_id` integer NOT NULL,
	`status` text DEFAULT 'waiting' NOT NULL,
	`requested_at` integer NOT NULL,
	`granted_at` integer,
	`ended_at` integer,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agenda_item_id`) REFERENCES `meeting_agenda_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meeting_speakers_meeting_status` ON `meeting_speakers` (`meeting_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `meeting_speakers_one_speaking` ON `meeting_speakers` (`meeting_id`) WHERE status = 'speaking';--> statement-breakpoint
CREATE UNIQUE INDEX `meeting_speakers_one_open_request` ON `meeting_speakers` (`meeting_id`,`person_id`) WHERE status in ('waiting', 'speaking');