/** How a team is told: the kind of chat channel it reads. */
export enum TeamChannelKind {
  /** A Slack channel (Argo CD notifications through `service.slack`; alerts through Alertmanager's Slack receiver). */
  SLACK = 'slack',
  /**
   * A Microsoft Teams channel through a Power Automate Workflow (`service.teams-workflows`;
   * alerts through Alertmanager's `msteamsv2` receiver). The O365 connectors are retired.
   */
  TEAMS_WORKFLOWS = 'teams-workflows',
}

/**
 * Where a team is told about its own applications (and, with alerts, about its own alerts): one
 * place, two delivery paths. Declared on the team (`TeamProject` `notify`), read from the team registry.
 */
export interface TeamChannel {
  /** The kind of channel. */
  readonly kind: TeamChannelKind;
  /**
   * The recipient: the Slack channel name (without `#`), or the Teams Workflows recipient name
   * (a key of the service's `recipientUrls`).
   */
  readonly recipient: string;
  /**
   * The notifications service that delivers to this channel, for a platform with several services
   * of one kind (`service.slack.<name>`).
   * @default - the kind's service name (`slack` or `teams-workflows`)
   */
  readonly service?: string;
}
