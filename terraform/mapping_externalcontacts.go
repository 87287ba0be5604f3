package terraform

import "strings"

// phoneNumber is a nested phone number block of external contacts and
// organizations.
func phoneNumber(name, path string) Attr {
	return block(name, path,
		str("display", "display"),
		str("e164", "e164"),
		str("country_code", "countryCode"),
		boolean("accepts_sms", "acceptsSMS"),
		num("extension", "extension"),
	)
}

// contactAddress is the address block of external contacts and
// organizations.
var contactAddress = block("address", "address",
	str("address1", "address1"),
	str("address2", "address2"),
	str("city", "city"),
	str("state", "state"),
	str("postal_code", "postalCode"),
	str("country_code", "countryCode"),
)

// Attribute names follow the provider's docs/resources/<type>.md pages and
// its examples/resources/<type>/resource.tf files. The provider has no
// resource for the custom field schemas, so a schema_id stays a raw id and
// is reported as a reference to an unwritten object.
var externalContactMappings = []*Mapping{
	{
		Type: "externalcontacts_organization",
		Attrs: []Attr{
			nameAttr,
			str("company_type", "companyType"),
			str("industry", "industry"),
			num("employee_count", "employeeCount"),
			num("revenue", "revenue"),
			list("tags", "tags[]"),
			list("websites", "websites[]"),
			str("external_system_url", "externalSystemUrl"),
			contactAddress,
			phoneNumber("phone_number", "phoneNumber"),
			phoneNumber("fax_number", "faxNumber"),
			block("twitter", "twitterId",
				required(str("twitter_id", "id")),
				required(str("name", "name")),
				required(str("screen_name", "screenName")),
			),
			block("tickers", "tickers[]",
				required(str("symbol", "symbol")),
				required(str("exchange", "exchange")),
			),
			block("schema", "schema",
				required(ref("schema_id", "id", "externalcontacts_organization_schema")),
				num("version", "version"),
			),
			jsonAttr("custom_fields", "customFields"),
		},
	},
	{
		Type: "externalcontacts_contact",
		Attrs: []Attr{
			str("first_name", "firstName"),
			str("middle_name", "middleName"),
			str("last_name", "lastName"),
			str("salutation", "salutation"),
			str("title", "title"),
			ref("external_organization_id", "externalOrganization.id", "externalcontacts_organization"),
			str("work_email", "workEmail"),
			str("personal_email", "personalEmail"),
			str("other_email", "otherEmail"),
			phoneNumber("work_phone", "workPhone"),
			phoneNumber("cell_phone", "cellPhone"),
			phoneNumber("home_phone", "homePhone"),
			phoneNumber("other_phone", "otherPhone"),
			contactAddress,
			block("twitter_id", "twitterId",
				str("id", "id"),
				str("name", "name"),
				str("screen_name", "screenName"),
			),
			block("line_id", "lineId",
				block("ids", "ids[]", str("user_id", "userId")),
				str("display_name", "displayName"),
			),
			block("whatsapp_id", "whatsAppId",
				required(Attr{Name: "phone_number", Path: "phoneNumber", Kind: KindBlock,
					Attrs: phoneNumber("", "").Attrs}),
				required(str("display_name", "displayName")),
			),
			block("facebook_id", "facebookId",
				block("ids", "ids[]", str("scoped_id", "scopedId")),
				str("display_name", "displayName"),
			),
			boolean("survey_opt_out", "surveyOptOut"),
			str("external_system_url", "externalSystemUrl"),
		},
		// A contact has no name field, so its label is made from its first
		// and last names.
		Label: func(_ *labelSource, o *object) string {
			return strings.TrimSpace(stringField(o.raw, "firstName") + " " + stringField(o.raw, "lastName"))
		},
	},
}
