CREATE TABLE `seed_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
-- A database seeded with the demo before this marker existed: its demo administrator (the seed's
-- first account, phone and display number as db/seed/demo.ts writes them) gives it away.
INSERT INTO `seed_runs` (`kind`) SELECT 'demo' WHERE EXISTS (SELECT 1 FROM `people` WHERE `phone` = '13800000000' AND `display_number` = 'HX00-GL-SQ-1');
