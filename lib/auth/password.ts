import bcrypt from "bcryptjs";

// bcrypt cost 10: ~70 ms in pure JS here, slow enough to resist guessing, fast enough for sign-in.
export const hashPassword = (plain: string) => bcrypt.hash(plain, 10);
export const checkPassword = (plain: string, hash: string) => bcrypt.compare(plain, hash);
