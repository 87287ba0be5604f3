// The SDK API class and methods through which the peer lists and reads each
// catalogue type. list is the method of the type's list path, and get the
// method of its get path. The peer checks the path of every request against
// the catalogue, so a wrong method here fails the run. A type listed under a
// parent takes the parent's key as the list method's first argument.
// A role's subject grants have no get of their own, so their get is the
// subject's, as the catalogue's get path is.
//
// Method names are those of purecloud-platform-client-v2 262.0.0.
export const sdkMethods = {
	architect_datatable: { api: 'ArchitectApi', list: 'getFlowsDatatables', get: 'getFlowsDatatable' },
	architect_datatable_row: { api: 'ArchitectApi', list: 'getFlowsDatatableRows', get: 'getFlowsDatatableRow' },
	architect_emergencygroup: { api: 'ArchitectApi', list: 'getArchitectEmergencygroups', get: 'getArchitectEmergencygroup' },
	architect_ivr: { api: 'ArchitectApi', list: 'getArchitectIvrs', get: 'getArchitectIvr' },
	architect_schedulegroups: { api: 'ArchitectApi', list: 'getArchitectSchedulegroups', get: 'getArchitectSchedulegroup' },
	architect_schedules: { api: 'ArchitectApi', list: 'getArchitectSchedules', get: 'getArchitectSchedule' },
	architect_user_prompt: { api: 'ArchitectApi', list: 'getArchitectPrompts', get: 'getArchitectPrompt' },
	auth_division: { api: 'AuthorizationApi', list: 'getAuthorizationDivisions', get: 'getAuthorizationDivision' },
	auth_role: { api: 'AuthorizationApi', list: 'getAuthorizationRoles', get: 'getAuthorizationRole' },
	business_rules_schema: { api: 'BusinessRulesApi', list: 'getBusinessrulesSchemas', get: 'getBusinessrulesSchema' },
	conversations_customattributes_schema: {
		api: 'ConversationsApi',
		list: 'getConversationsCustomattributesSchemas',
		get: 'getConversationsCustomattributesSchema',
	},
	dataextensions_coretype: { api: 'DataExtensionsApi', list: 'getDataextensionsCoretypes', get: 'getDataextensionsCoretype' },
	externalcontacts_contact: { api: 'ExternalContactsApi', list: 'getExternalcontactsScanContacts', get: 'getExternalcontactsContact' },
	externalcontacts_contact_schema: {
		api: 'ExternalContactsApi',
		list: 'getExternalcontactsContactsSchemas',
		get: 'getExternalcontactsContactsSchema',
	},
	externalcontacts_organization: {
		api: 'ExternalContactsApi',
		list: 'getExternalcontactsScanOrganizations',
		get: 'getExternalcontactsOrganization',
	},
	externalcontacts_organization_schema: {
		api: 'ExternalContactsApi',
		list: 'getExternalcontactsOrganizationsSchemas',
		get: 'getExternalcontactsOrganizationsSchema',
	},
	flow: { api: 'ArchitectApi', list: 'getFlows', get: 'getFlow' },
	flow_version: { api: 'ArchitectApi', list: 'getFlowVersions', get: 'getFlowVersion' },
	group: { api: 'GroupsApi', list: 'getGroups', get: 'getGroup' },
	group_member: { api: 'GroupsApi', list: 'getGroupMembers', getApi: 'UsersApi', get: 'getUser' },
	integration: { api: 'IntegrationsApi', list: 'getIntegrations', get: 'getIntegration' },
	integration_action: { api: 'IntegrationsApi', list: 'getIntegrationsActions', get: 'getIntegrationsAction' },
	integration_credential: { api: 'IntegrationsApi', list: 'getIntegrationsCredentialsListing', get: 'getIntegrationsCredential' },
	location: { api: 'LocationsApi', list: 'getLocations', get: 'getLocation' },
	oauth_client: { api: 'OAuthApi', list: 'getOauthClients', get: 'getOauthClient' },
	outbound_campaign: { api: 'OutboundApi', list: 'getOutboundCampaigns', get: 'getOutboundCampaign' },
	outbound_contact_list: { api: 'OutboundApi', list: 'getOutboundContactlists', get: 'getOutboundContactlist' },
	role_subject_grants: { api: 'AuthorizationApi', list: 'getAuthorizationRoleSubjectgrants', get: 'getAuthorizationSubject' },
	routing_email_domain: { api: 'RoutingApi', list: 'getRoutingEmailDomains', get: 'getRoutingEmailDomain' },
	routing_email_route: { api: 'RoutingApi', list: 'getRoutingEmailDomainRoutes', get: 'getRoutingEmailDomainRoute' },
	routing_language: { api: 'RoutingApi', list: 'getRoutingLanguages', get: 'getRoutingLanguage' },
	routing_queue: { api: 'RoutingApi', list: 'getRoutingQueues', get: 'getRoutingQueue' },
	routing_queue_member: { api: 'RoutingApi', list: 'getRoutingQueueMembers', getApi: 'UsersApi', get: 'getUser' },
	routing_queue_wrapupcode: { api: 'RoutingApi', list: 'getRoutingQueueWrapupcodes', get: 'getRoutingWrapupcode' },
	routing_skill: { api: 'RoutingApi', list: 'getRoutingSkills', get: 'getRoutingSkill' },
	routing_skill_group: { api: 'RoutingApi', list: 'getRoutingSkillgroups', get: 'getRoutingSkillgroup' },
	routing_utilization_label: { api: 'RoutingApi', list: 'getRoutingUtilizationLabels', get: 'getRoutingUtilizationLabel' },
	routing_wrapupcode: { api: 'RoutingApi', list: 'getRoutingWrapupcodes', get: 'getRoutingWrapupcode' },
	script: { api: 'ScriptsApi', list: 'getScripts', get: 'getScript' },
	task_management_workitem_schema: {
		api: 'TaskManagementApi',
		list: 'getTaskmanagementWorkitemsSchemas',
		get: 'getTaskmanagementWorkitemsSchema',
	},
	team: { api: 'TeamsApi', list: 'getTeams', get: 'getTeam' },
	team_member: { api: 'TeamsApi', list: 'getTeamMembers', getApi: 'UsersApi', get: 'getUser' },
	telephony_providers_edges_did_pool: {
		api: 'TelephonyProvidersEdgeApi',
		list: 'getTelephonyProvidersEdgesDidpools',
		get: 'getTelephonyProvidersEdgesDidpool',
	},
	telephony_providers_edges_edge_group: {
		api: 'TelephonyProvidersEdgeApi',
		list: 'getTelephonyProvidersEdgesEdgegroups',
		get: 'getTelephonyProvidersEdgesEdgegroup',
	},
	telephony_providers_edges_extension_pool: {
		api: 'TelephonyProvidersEdgeApi',
		list: 'getTelephonyProvidersEdgesExtensionpools',
		get: 'getTelephonyProvidersEdgesExtensionpool',
	},
	telephony_providers_edges_phone: {
		api: 'TelephonyProvidersEdgeApi',
		list: 'getTelephonyProvidersEdgesPhones',
		get: 'getTelephonyProvidersEdgesPhone',
	},
	telephony_providers_edges_phonebasesettings: {
		api: 'TelephonyProvidersEdgeApi',
		list: 'getTelephonyProvidersEdgesPhonebasesettings',
		get: 'getTelephonyProvidersEdgesPhonebasesetting',
	},
	telephony_providers_edges_site: {
		api: 'TelephonyProvidersEdgeApi',
		list: 'getTelephonyProvidersEdgesSites',
		get: 'getTelephonyProvidersEdgesSite',
	},
	telephony_providers_edges_trunk: {
		api: 'TelephonyProvidersEdgeApi',
		list: 'getTelephonyProvidersEdgesTrunks',
		get: 'getTelephonyProvidersEdgesTrunk',
	},
	telephony_providers_edges_trunkbasesettings: {
		api: 'TelephonyProvidersEdgeApi',
		list: 'getTelephonyProvidersEdgesTrunkbasesettings',
		get: 'getTelephonyProvidersEdgesTrunkbasesetting',
	},
	user: { api: 'UsersApi', list: 'getUsersQuery', get: 'getUser' },
	user_customattributes_schema: { api: 'UsersApi', list: 'getUsersCustomattributesSchemas', get: 'getUsersCustomattributesSchema' },
};
