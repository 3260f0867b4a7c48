ALTER TABLE `agenda_items` ADD `min_turnout_percent` integer;--> statement-breakpoint
ALTER TABLE `ballots` ADD `turnout_floor` text;--> statement-breakpoint
ALTER TABLE `ballots` ADD `early_close_ground` text;--> statement-breakpoint
ALTER TABLE `ballots` ADD `early_closed_at` integer;--> statement-breakpoint
ALTER TABLE `communities` ADD `min_turnout_percent` integer;