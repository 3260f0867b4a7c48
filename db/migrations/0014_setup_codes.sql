CREATE TABLE `setup_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code_sha256` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL
);
