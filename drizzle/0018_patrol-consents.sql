-- Custom SQL migration file, put your code below! --
-- hand-written (keep when renumbering)
-- The words officers read on patrol (issue 20, decision 030): to be referred to a service, and to let the police see how it went.
INSERT INTO consent_wordings (id, scope, version, text) VALUES
('cw-refer-1', 'refer_to_service', 1, 'I can refer you to the service we have chosen together. They will get your name, your date of birth, what you need help with and my note, so that they can contact you and offer support. If you give me a phone number and agree, they may phone you on it. This is free and voluntary, it is not part of any police matter, and you can change your mind at any time. Do you agree to be referred?'),
('cw-police-outcomes-1', 'share_outcomes_with_police', 1, 'May the police see whether you got in touch with the service and went along, so we know whether referrals like this help? We will not see what you talk about. You can change your mind at any time.');
