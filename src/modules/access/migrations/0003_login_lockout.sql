-- Failed sign-ins per account: after five in a row the account is locked for fifteen minutes.
ALTER TABLE users ADD COLUMN failed_logins integer NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until timestamptz;
