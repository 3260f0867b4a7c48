CREATE TABLE `rating_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rating_id` integer NOT NULL,
	`stored_name` text NOT NULL,
	`mime` text NOT NULL,
	`bytes` integer NOT NULL,
	FOREIGN KEY (`rating_id`) REFERENCES `supervision_ratings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rating_photos_stored_name_unique` ON `rating_photos` (`stored_name`);--> statement-breakpoint
CREATE TABLE `satisfaction_votes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic_id` integer NOT NULL,
	`round` integer NOT NULL,
	`person_id` integer NOT NULL,
	`answer` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `satisfaction_votes_topic_round_person` ON `satisfaction_votes` (`topic_id`,`round`,`person_id`);--> statement-breakpoint
CREATE TABLE `supervision_ratings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic_id` integer NOT NULL,
	`round` integer NOT NULL,
	`supervisor_id` integer NOT NULL,
	`process` integer NOT NULL,
	`timeliness` integer NOT NULL,
	`quality` integer NOT NULL,
	`transparency` integer NOT NULL,
	`satisfaction` integer NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supervisor_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `supervision_ratings_topic_round_supervisor` ON `supervision_ratings` (`topic_id`,`round`,`supervisor_id`);--> statement-breakpoint
CREATE TABLE `task_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_update_id` integer NOT NULL,
	`stored_name` text NOT NULL,
	`mime` text NOT NULL,
	`bytes` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`task_update_id`) REFERENCES `task_updates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_photos_stored_name_unique` ON `task_photos` (`stored_name`);--> statement-breakpoint
CREATE INDEX `task_photos_update` ON `task_photos` (`task_update_id`);--> statement-breakpoint
CREATE TABLE `task_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_id` integer NOT NULL,
	`author_id` integer NOT NULL,
	`body` text NOT NULL,
	`percent` integer NOT NULL,
	`completes` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `task_updates_task` ON `task_updates` (`task_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic_id` integer NOT NULL,
	`resolution_id` integer,
	`community_id` integer NOT NULL,
	`grid_id` integer,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`assignee_organisation_id` integer,
	`assignee_person_id` integer,
	`open_to_claim` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'assigned' NOT NULL,
	`due_on` text NOT NULL,
	`percent` integer DEFAULT 0 NOT NULL,
	`taken_by` integer,
	`taken_at` integer,
	`decline_reason` text,
	`completed_at` integer,
	`round` integer DEFAULT 0 NOT NULL,
	`overdue_notified_at` integer,
	`created_by` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolution_id`) REFERENCES `resolutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`taken_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tasks_topic` ON `tasks` (`topic_id`);--> statement-breakpoint
CREATE INDEX `tasks_status_due` ON `tasks` (`status`,`due_on`);--> statement-breakpoint
CREATE INDEX `tasks_assignee_person` ON `tasks` (`assignee_person_id`);--> statement-breakpoint
CREATE INDEX `tasks_assignee_org` ON `tasks` (`assignee_organisation_id`);--> statement-breakpoint
CREATE TABLE `topic_supervisors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`assigned_by` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `topic_supervisors_topic_person` ON `topic_supervisors` (`topic_id`,`person_id`);--> statement-breakpoint
ALTER TABLE `communities` ADD `close_rule` text;--> statement-breakpoint
ALTER TABLE `topics` ADD `rectification_round` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `topics` ADD `review_on` text;--> statement-breakpoint
ALTER TABLE `topics` ADD `review_reminded_at` integer;--> statement-breakpoint
ALTER TABLE `topics` ADD `closed_at` integer;