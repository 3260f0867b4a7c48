CREATE TABLE `imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` integer NOT NULL,
	`kind` text NOT NULL,
	`source` text DEFAULT '' NOT NULL,
	`file_name` text NOT NULL,
	`file_sha256` text NOT NULL,
	`format` text NOT NULL,
	`summary` text NOT NULL,
	`imported_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `imports_community` ON `imports` (`community_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_people` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`phone` text NOT NULL,
	`password_hash` text,
	`name` text NOT NULL,
	`display_number` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`claimed_unit_id` integer,
	`claimed_owner` integer DEFAULT false NOT NULL,
	`reject_reason` text,
	`reviewed_by` integer,
	`reviewed_at` integer,
	`verified_by_import_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`claimed_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`verified_by_import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_people`("id", "phone", "password_hash", "name", "display_number", "status", "claimed_unit_id", "claimed_owner", "reject_reason", "reviewed_by", "reviewed_at", "verified_by_import_id", "created_at") SELECT "id", "phone", "password_hash", "name", "display_number", "status", "claimed_unit_id", "claimed_owner", "reject_reason", "reviewed_by", "reviewed_at", NULL, "created_at" FROM `people`;--> statement-breakpoint
DROP TABLE `people`;--> statement-breakpoint
ALTER TABLE `__new_people` RENAME TO `people`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `people_phone_unique` ON `people` (`phone`);--> statement-breakpoint
CREATE UNIQUE INDEX `people_display_number_unique` ON `people` (`display_number`);