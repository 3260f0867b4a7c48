CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	`kind` text NOT NULL,
	`ballot_id` integer,
	`payload` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_ballot` ON `audit_log` (`ballot_id`,`id`);--> statement-breakpoint
CREATE TABLE `ballot_elector_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ballot_id` integer NOT NULL,
	`elector_key` text NOT NULL,
	`person_id` integer NOT NULL,
	FOREIGN KEY (`ballot_id`) REFERENCES `ballots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ballot_elector_members_ballot_person_key` ON `ballot_elector_members` (`ballot_id`,`person_id`,`elector_key`);--> statement-breakpoint
CREATE INDEX `ballot_elector_members_person` ON `ballot_elector_members` (`person_id`);--> statement-breakpoint
CREATE TABLE `ballot_electors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ballot_id` integer NOT NULL,
	`elector_key` text NOT NULL,
	`label` text NOT NULL,
	`area_hundredths` integer DEFAULT 0 NOT NULL,
	`unit_ids` text NOT NULL,
	FOREIGN KEY (`ballot_id`) REFERENCES `ballots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ballot_electors_ballot_key` ON `ballot_electors` (`ballot_id`,`elector_key`);--> statement-breakpoint
CREATE TABLE `ballot_options` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ballot_id` integer NOT NULL,
	`plan_id` integer NOT NULL,
	`revision_number` integer NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`ballot_id`) REFERENCES `ballots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ballot_options_ballot_plan` ON `ballot_options` (`ballot_id`,`plan_id`);--> statement-breakpoint
CREATE TABLE `ballot_proxies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ballot_id` integer NOT NULL,
	`elector_key` text NOT NULL,
	`proxy_person_id` integer NOT NULL,
	`scan_stored_name` text NOT NULL,
	`scan_mime` text NOT NULL,
	`recorded_by` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`ballot_id`) REFERENCES `ballots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proxy_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ballot_proxies_ballot_elector` ON `ballot_proxies` (`ballot_id`,`elector_key`);--> statement-breakpoint
CREATE TABLE `ballots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic_id` integer NOT NULL,
	`community_id` integer NOT NULL,
	`grid_id` integer,
	`title` text NOT NULL,
	`kind` text NOT NULL,
	`rule` text NOT NULL,
	`electorate_kind` text NOT NULL,
	`meeting_id` integer,
	`building_id` integer,
	`quorum_required` integer,
	`secret` integer DEFAULT true NOT NULL,
	`opens_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`elector_count` integer DEFAULT 0 NOT NULL,
	`elector_area_hundredths` integer DEFAULT 0 NOT NULL,
	`voted_count` integer DEFAULT 0 NOT NULL,
	`voted_area_hundredths` integer DEFAULT 0 NOT NULL,
	`result` text,
	`passed` integer,
	`winning_plan_id` integer,
	`created_by` integer NOT NULL,
	`closed_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`building_id`) REFERENCES `buildings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`winning_plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ballots_topic` ON `ballots` (`topic_id`);--> statement-breakpoint
CREATE INDEX `ballots_status_closes` ON `ballots` (`status`,`closes_at`);--> statement-breakpoint
CREATE TABLE `notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` integer NOT NULL,
	`grid_id` integer,
	`kind` text NOT NULL,
	`topic_id` integer NOT NULL,
	`resolution_id` integer,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`published_at` integer NOT NULL,
	`until` integer NOT NULL,
	`created_by` integer,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolution_id`) REFERENCES `resolutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notices_grid_until` ON `notices` (`grid_id`,`until`);--> statement-breakpoint
CREATE INDEX `notices_community_until` ON `notices` (`community_id`,`until`);--> statement-breakpoint
CREATE TABLE `plan_comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`revision_number` integer NOT NULL,
	`author_id` integer NOT NULL,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_comments_plan` ON `plan_comments` (`plan_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `plan_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`number` integer NOT NULL,
	`author_id` integer NOT NULL,
	`body_json` text NOT NULL,
	`body_html` text NOT NULL,
	`responsible_organisation_id` integer,
	`responsible_person_id` integer,
	`responsible_text` text DEFAULT '' NOT NULL,
	`budget_fen` integer DEFAULT 0 NOT NULL,
	`budget_source` text DEFAULT 'none' NOT NULL,
	`deadline` text,
	`milestones` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responsible_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responsible_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_revisions_plan_number` ON `plan_revisions` (`plan_id`,`number`);--> statement-breakpoint
CREATE TABLE `plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic_id` integer NOT NULL,
	`title` text NOT NULL,
	`kind` text NOT NULL,
	`author_id` integer NOT NULL,
	`organisation_id` integer,
	`current_revision` integer DEFAULT 1 NOT NULL,
	`frozen_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plans_topic` ON `plans` (`topic_id`);--> statement-breakpoint
CREATE TABLE `resolutions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic_id` integer NOT NULL,
	`ballot_id` integer NOT NULL,
	`plan_id` integer NOT NULL,
	`number` text NOT NULL,
	`title` text NOT NULL,
	`text` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ballot_id`) REFERENCES `ballots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `resolutions_number_unique` ON `resolutions` (`number`);--> statement-breakpoint
CREATE INDEX `resolutions_topic` ON `resolutions` (`topic_id`);--> statement-breakpoint
CREATE TABLE `votes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ballot_id` integer NOT NULL,
	`elector_key` text NOT NULL,
	`choice` text,
	`option_id` integer,
	`channel` text NOT NULL,
	`cast_by` integer NOT NULL,
	`recorded_by` integer,
	`witness` text,
	`via_proxy_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`ballot_id`) REFERENCES `ballots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`option_id`) REFERENCES `ballot_options`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cast_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`via_proxy_id`) REFERENCES `ballot_proxies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `votes_ballot_elector` ON `votes` (`ballot_id`,`elector_key`);--> statement-breakpoint
ALTER TABLE `topics` ADD `alternatives_allowed` integer DEFAULT false NOT NULL;