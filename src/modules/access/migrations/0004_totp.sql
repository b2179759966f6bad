-- Optional second factor (TOTP, RFC 6238). The secret is pending until the user proves their app with a code.
ALTER TABLE users ADD COLUMN totp_secret text;
ALTER TABLE users ADD COLUMN totp_enabled boolean NOT NULL DEFAULT false;
