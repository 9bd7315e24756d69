-- Electronic document exchange (edXML): system and unit administrators hold exchange.receive, so
-- they can issue the API token a relay platform (LGSP) or a partner system posts messages with —
-- an administrator may only put on a token what they hold. Clerks do not receive by hand: the
-- integration's token does.
UPDATE role SET permissions = array_append(permissions, 'exchange.receive')
 WHERE id IN ('system_admin', 'unit_admin') AND NOT ('exchange.receive' = ANY (permissions));
