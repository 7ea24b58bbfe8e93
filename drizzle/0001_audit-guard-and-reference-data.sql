-- The audit log is append-only: the database itself refuses to change or remove a row.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only');
END;
--> statement-breakpoint
INSERT INTO consent_wordings (id, scope, version, text) VALUES
('cw-speak-1', 'speak_to_worker', 1, 'Arrest referral is free, confidential and voluntary. A referral worker, who is not from the police, can see you while you are here to talk about anything affecting you, such as drugs, alcohol, mental health, housing or money, and help you get support. Saying yes or no does not change how your case is dealt with. Do you agree to see an arrest referral worker? Your name, date of birth and what you tell us will be shared with them.'),
('cw-share-1', 'share_assessment_with_service', 1, 'With your agreement we will share the parts of your assessment you choose with the service named, so they can contact you and offer support. You can change your mind at any time.'),
('cw-contact-1', 'contact_after_release', 1, 'If you leave custody before we meet, may a referral worker contact you in the way you choose to offer support? You can ask us to stop at any time.'),
('cw-outcomes-1', 'share_outcomes_with_custody', 1, 'If you come back into custody, may the custody team see whether you have been in touch with support services, so they can help you faster? You can change your mind at any time.');
--> statement-breakpoint
INSERT INTO settings (key, value) VALUES
('acknowledgement_working_days', '2'),
('feedback_overdue_days', '28'),
('referral_cancel_window_minutes', '30'),
('retention_years', '6'),
('lockout_minutes', '30'),
('inactive_account_days', '90'),
('require_two_factor_for_everyone', 'false');
