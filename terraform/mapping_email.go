package terraform

import "strings"

// Attribute names follow the provider's docs/resources/<type>.md pages.
// NOTE: a domain's custom_smtp_server_id and mail_from_domain are left
// out, because the API fields they come from are not confirmed.
var emailMappings = []*Mapping{
	{
		Type: "routing_email_domain",
		Attrs: []Attr{
			{Name: "domain_id", Required: true, Build: emailDomainID},
			boolean("subdomain", "subDomain"),
		},
	},
	{
		Type: "routing_email_route",
		Attrs: []Attr{
			required(ref("domain_id", "@parent", "routing_email_domain")),
			required(str("pattern", "pattern")),
			required(str("from_name", "fromName")),
			str("from_email", "fromEmail"),
			num("priority", "priority"),
			ref("queue_id", "queue.id", "routing_queue"),
			refSet("skill_ids", "skills[]", "id", "routing_skill"),
			ref("language_id", "language.id", "routing_language"),
			ref("flow_id", "flow.id", "flow"),
			ref("spam_flow_id", "spamFlow.id", "flow"),
			{Name: "reply_email_address", Build: replyEmailAddress},
			block("auto_bcc", "autoBcc[]",
				required(str("email", "email")),
				str("name", "name"),
			),
		},
	},
}

// emailDomainID returns a domain's domain_id. The provider appends the
// org's regional domain to the domain_id of a Genesys Cloud subdomain, so
// a subdomain's id ("northwind.mypurecloud.com") is cut to its first label
// ("northwind").
func emailDomainID(b *builder, obj map[string]any) node {
	id := stringField(obj, "id")
	if id == "" {
		id = b.obj.id
	}
	if isTrue(obj, "subDomain") {
		id, _, _ = strings.Cut(id, ".")
	}
	if id == "" {
		return nil
	}
	return litNode{id}
}

// replyEmailAddress builds a route's reply_email_address block. A route
// that replies from itself sets self_reference_route, because a route_id
// naming the route itself would be a self reference.
func replyEmailAddress(b *builder, route map[string]any) node {
	vals := walkPath(route, "replyEmailAddress")
	if len(vals) == 0 {
		return nil
	}
	reply := vals[0].v
	domain := stringField(reply, "domain.id")
	if domain == "" {
		return nil
	}
	blk := newBody()
	blk.required["domain_id"] = true
	b.nested("domain_id", func() { blk.attrs["domain_id"] = b.ref("routing_email_domain", domain, false) })
	target := stringField(reply, "route.id")
	switch {
	case target == "":
	case target == b.obj.id || b.obj.id == b.obj.parent+"_"+target:
		blk.attrs["self_reference_route"] = litNode{true}
	default:
		b.nested("route_id", func() { blk.attrs["route_id"] = b.ref("routing_email_route", target, false) })
	}
	return blockList{blk}
}
