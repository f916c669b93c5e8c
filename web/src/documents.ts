import { graphql } from "./gql";

// Every operation the web app runs. `npm run codegen` types them into ./gql; use only these typed documents.

export const ConnectorFields = graphql(`
  fragment ConnectorFields on Connector {
    chargePointId
    evseId
    connectorId
    status
    errorCode
    info
    vendorErrorCode
    statusAt
  }
`);

export const StationSummary = graphql(`
  fragment StationSummary on Station {
    chargePointId
    vendor
    model
    ocppVersion
    registrationStatus
    connected
    connectedAt
    disconnectedAt
    lastHeartbeatAt
    connectors {
      ...ConnectorFields
    }
  }
`);

export const StationDetails = graphql(`
  fragment StationDetails on Station {
    ...StationSummary
    serialNumber
    chargeBoxSerialNumber
    firmwareVersion
    firmwareStatus
    diagnosticsStatus
    iccid
    imsi
    meterType
    meterSerialNumber
    lastBootAt
    createdAt
    localListVersion
    configurationFetchedAt
    unknownConfigurationKeys
    configuration {
      key
      value
      readonly
      updatedAt
    }
  }
`);

export const TransactionRow = graphql(`
  fragment TransactionRow on Transaction {
    transactionId
    stationTransactionId
    ocppVersion
    chargePointId
    evseId
    connectorId
    idTag
    idTokenType
    active
    status
    energyWh
    startedAt
    stoppedAt
    stopReason
    closeReason
  }
`);

export const MessageRow = graphql(`
  fragment MessageRow on OcppMessage {
    id
    chargePointId
    direction
    messageType
    action
    uniqueId
    payload
    errorCode
    errorDescription
    createdAt
  }
`);

export const IdTagRow = graphql(`
  fragment IdTagRow on IdTag {
    idTag
    status
    expiryDate
    parentIdTag
    updatedAt
  }
`);

// Dashboard

export const NetworkSummaryQuery = graphql(`
  query NetworkSummary($since: DateTime!) {
    networkSummary(since: $since) {
      stationsOnline
      stationsOffline
      activeTransactions
      energyWhSince
      connectorsByStatus {
        status
        count
      }
    }
  }
`);

export const StationsQuery = graphql(`
  query Stations($first: Int!, $after: String) {
    stations(first: $first, after: $after) {
      edges {
        node {
          ...StationSummary
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const StationsLiveSubscription = graphql(`
  subscription StationsLive {
    stationUpdated {
      ...StationSummary
    }
  }
`);

export const ConnectorsLiveSubscription = graphql(`
  subscription ConnectorsLive($chargePointId: String) {
    connectorStatusChanged(chargePointId: $chargePointId) {
      ...ConnectorFields
    }
  }
`);

export const TransactionsLiveSubscription = graphql(`
  subscription TransactionsLive($chargePointId: String) {
    transactionUpdated(chargePointId: $chargePointId) {
      ...TransactionRow
    }
  }
`);

// Station page

export const StationQuery = graphql(`
  query Station($chargePointId: String!) {
    station(chargePointId: $chargePointId) {
      ...StationDetails
    }
  }
`);

export const StationLiveSubscription = graphql(`
  subscription StationLive($chargePointId: String!) {
    stationUpdated(chargePointId: $chargePointId) {
      ...StationDetails
    }
  }
`);

export const StationTransactionsQuery = graphql(`
  query StationTransactions($chargePointId: String!, $first: Int!) {
    transactions(chargePointId: $chargePointId, first: $first) {
      edges {
        node {
          ...TransactionRow
        }
      }
    }
  }
`);

export const MessagesQuery = graphql(`
  query Messages($chargePointId: String!, $action: String, $first: Int!, $after: String) {
    messages(chargePointId: $chargePointId, action: $action, first: $first, after: $after) {
      edges {
        node {
          ...MessageRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const MessagesLiveSubscription = graphql(`
  subscription MessagesLive($chargePointId: String!) {
    ocppMessageLogged(chargePointId: $chargePointId) {
      ...MessageRow
    }
  }
`);

// Device model and events (what a station reports of itself)

export const StationVariableRow = graphql(`
  fragment StationVariableRow on StationVariable {
    component
    componentInstance
    evseId
    connectorId
    variable
    variableInstance
    attributeType
    value
    mutability
    dataType
    unit
    updatedAt
  }
`);

export const DeviceModelQuery = graphql(`
  query DeviceModel($chargePointId: String!) {
    station(chargePointId: $chargePointId) {
      chargePointId
      variables {
        ...StationVariableRow
      }
    }
  }
`);

export const StationEventRow = graphql(`
  fragment StationEventRow on StationEvent {
    id
    chargePointId
    kind
    type
    severity
    timestamp
    receivedAt
    eventId
    component
    variable
    evseId
    connectorId
    actualValue
    cleared
    techCode
    techInfo
    transactionId
  }
`);

export const StationEventsQuery = graphql(`
  query StationEvents(
    $chargePointId: String!
    $kind: StationEventKind
    $minSeverity: Int
    $first: Int!
    $after: String
  ) {
    stationEvents(chargePointId: $chargePointId, kind: $kind, minSeverity: $minSeverity, first: $first, after: $after) {
      edges {
        node {
          ...StationEventRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const StationEventsLiveSubscription = graphql(`
  subscription StationEventsLive($chargePointId: String!) {
    stationEventReported(chargePointId: $chargePointId) {
      ...StationEventRow
    }
  }
`);

// Commands

export const RemoteStartMutation = graphql(`
  mutation RemoteStart($chargePointId: String!, $idTag: String!, $connectorId: Int) {
    remoteStartTransaction(chargePointId: $chargePointId, idTag: $idTag, connectorId: $connectorId) {
      status
    }
  }
`);

export const RemoteStopMutation = graphql(`
  mutation RemoteStop($chargePointId: String!, $transactionId: Int!) {
    remoteStopTransaction(chargePointId: $chargePointId, transactionId: $transactionId) {
      status
    }
  }
`);

export const ResetMutation = graphql(`
  mutation Reset($chargePointId: String!, $type: ResetType!) {
    reset(chargePointId: $chargePointId, type: $type) {
      status
    }
  }
`);

export const UnlockMutation = graphql(`
  mutation Unlock($chargePointId: String!, $connectorId: Int!) {
    unlockConnector(chargePointId: $chargePointId, connectorId: $connectorId) {
      status
    }
  }
`);

export const ChangeAvailabilityMutation = graphql(`
  mutation ChangeAvailability($chargePointId: String!, $connectorId: Int!, $type: AvailabilityType!) {
    changeAvailability(chargePointId: $chargePointId, connectorId: $connectorId, type: $type) {
      status
    }
  }
`);

export const TriggerMessageMutation = graphql(`
  mutation TriggerMessage($chargePointId: String!, $requestedMessage: MessageTrigger!, $connectorId: Int) {
    triggerMessage(chargePointId: $chargePointId, requestedMessage: $requestedMessage, connectorId: $connectorId) {
      status
    }
  }
`);

export const GetConfigurationMutation = graphql(`
  mutation GetConfiguration($chargePointId: String!) {
    getConfiguration(chargePointId: $chargePointId) {
      configurationKey {
        key
        value
        readonly
      }
      unknownKey
    }
  }
`);

export const ChangeConfigurationMutation = graphql(`
  mutation ChangeConfiguration($chargePointId: String!, $key: String!, $value: String!) {
    changeConfiguration(chargePointId: $chargePointId, key: $key, value: $value) {
      status
    }
  }
`);

export const SetRegistrationStatusMutation = graphql(`
  mutation SetRegistrationStatus($chargePointId: String!, $status: RegistrationStatus!) {
    setRegistrationStatus(chargePointId: $chargePointId, status: $status) {
      chargePointId
      registrationStatus
    }
  }
`);

// Transactions page

export const TransactionsQuery = graphql(`
  query Transactions($active: Boolean!, $first: Int!, $after: String) {
    transactions(active: $active, first: $first, after: $after) {
      edges {
        node {
          ...TransactionRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const TransactionDetails = graphql(`
  fragment TransactionDetails on Transaction {
    ...TransactionRow
    idTagStatus
    chargingState
    meterStart
    meterStop
    reservationId
    meterValues {
      timestamp
      measurand
      phase
      context
      unit
      value
    }
  }
`);

export const TransactionQuery = graphql(`
  query Transaction($transactionId: Int!) {
    transaction(transactionId: $transactionId) {
      ...TransactionDetails
    }
  }
`);

export const TransactionLiveSubscription = graphql(`
  subscription TransactionLive($chargePointId: String!) {
    transactionUpdated(chargePointId: $chargePointId) {
      ...TransactionDetails
    }
  }
`);

// ID tags page

export const IdTagsQuery = graphql(`
  query IdTags($first: Int!, $after: String) {
    idTags(first: $first, after: $after) {
      edges {
        node {
          ...IdTagRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const UpsertIdTagMutation = graphql(`
  mutation UpsertIdTag($idTag: String!, $status: IdTagStatus!, $expiryDate: DateTime, $parentIdTag: String) {
    upsertIdTag(idTag: $idTag, status: $status, expiryDate: $expiryDate, parentIdTag: $parentIdTag) {
      ...IdTagRow
    }
  }
`);

// Signing in (when the server requires credentials; in development every request acts as admin)

export const MeQuery = graphql(`
  query Me {
    me {
      kind
      name
      role
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
      expiresAt
    }
  }
`);
