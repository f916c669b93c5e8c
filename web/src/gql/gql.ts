/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ConnectorFields on Connector {\n    chargePointId\n    evseId\n    connectorId\n    status\n    errorCode\n    info\n    vendorErrorCode\n    statusAt\n  }\n": typeof types.ConnectorFieldsFragmentDoc,
    "\n  fragment StationSummary on Station {\n    chargePointId\n    vendor\n    model\n    ocppVersion\n    registrationStatus\n    connected\n    connectedAt\n    disconnectedAt\n    lastHeartbeatAt\n    connectors {\n      ...ConnectorFields\n    }\n  }\n": typeof types.StationSummaryFragmentDoc,
    "\n  fragment StationDetails on Station {\n    ...StationSummary\n    serialNumber\n    chargeBoxSerialNumber\n    firmwareVersion\n    firmwareStatus\n    diagnosticsStatus\n    iccid\n    imsi\n    meterType\n    meterSerialNumber\n    lastBootAt\n    createdAt\n    localListVersion\n    configurationFetchedAt\n    unknownConfigurationKeys\n    configuration {\n      key\n      value\n      readonly\n      updatedAt\n    }\n  }\n": typeof types.StationDetailsFragmentDoc,
    "\n  fragment TransactionRow on Transaction {\n    transactionId\n    stationTransactionId\n    ocppVersion\n    chargePointId\n    evseId\n    connectorId\n    idTag\n    idTokenType\n    active\n    status\n    energyWh\n    startedAt\n    stoppedAt\n    stopReason\n    closeReason\n  }\n": typeof types.TransactionRowFragmentDoc,
    "\n  fragment MessageRow on OcppMessage {\n    id\n    chargePointId\n    direction\n    messageType\n    action\n    uniqueId\n    payload\n    errorCode\n    errorDescription\n    createdAt\n  }\n": typeof types.MessageRowFragmentDoc,
    "\n  fragment IdTagRow on IdTag {\n    idTag\n    status\n    expiryDate\n    parentIdTag\n    updatedAt\n  }\n": typeof types.IdTagRowFragmentDoc,
    "\n  query NetworkSummary($since: DateTime!) {\n    networkSummary(since: $since) {\n      stationsOnline\n      stationsOffline\n      activeTransactions\n      energyWhSince\n      connectorsByStatus {\n        status\n        count\n      }\n    }\n  }\n": typeof types.NetworkSummaryDocument,
    "\n  query Stations($first: Int!, $after: String) {\n    stations(first: $first, after: $after) {\n      edges {\n        node {\n          ...StationSummary\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.StationsDocument,
    "\n  subscription StationsLive {\n    stationUpdated {\n      ...StationSummary\n    }\n  }\n": typeof types.StationsLiveDocument,
    "\n  subscription ConnectorsLive($chargePointId: String) {\n    connectorStatusChanged(chargePointId: $chargePointId) {\n      ...ConnectorFields\n    }\n  }\n": typeof types.ConnectorsLiveDocument,
    "\n  subscription TransactionsLive($chargePointId: String) {\n    transactionUpdated(chargePointId: $chargePointId) {\n      ...TransactionRow\n    }\n  }\n": typeof types.TransactionsLiveDocument,
    "\n  query Station($chargePointId: String!) {\n    station(chargePointId: $chargePointId) {\n      ...StationDetails\n    }\n  }\n": typeof types.StationDocument,
    "\n  subscription StationLive($chargePointId: String!) {\n    stationUpdated(chargePointId: $chargePointId) {\n      ...StationDetails\n    }\n  }\n": typeof types.StationLiveDocument,
    "\n  query StationTransactions($chargePointId: String!, $first: Int!) {\n    transactions(chargePointId: $chargePointId, first: $first) {\n      edges {\n        node {\n          ...TransactionRow\n        }\n      }\n    }\n  }\n": typeof types.StationTransactionsDocument,
    "\n  query Messages($chargePointId: String!, $action: String, $first: Int!, $after: String) {\n    messages(chargePointId: $chargePointId, action: $action, first: $first, after: $after) {\n      edges {\n        node {\n          ...MessageRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.MessagesDocument,
    "\n  subscription MessagesLive($chargePointId: String!) {\n    ocppMessageLogged(chargePointId: $chargePointId) {\n      ...MessageRow\n    }\n  }\n": typeof types.MessagesLiveDocument,
    "\n  fragment StationVariableRow on StationVariable {\n    component\n    componentInstance\n    evseId\n    connectorId\n    variable\n    variableInstance\n    attributeType\n    value\n    mutability\n    dataType\n    unit\n    updatedAt\n  }\n": typeof types.StationVariableRowFragmentDoc,
    "\n  query DeviceModel($chargePointId: String!) {\n    station(chargePointId: $chargePointId) {\n      chargePointId\n      variables {\n        ...StationVariableRow\n      }\n    }\n  }\n": typeof types.DeviceModelDocument,
    "\n  fragment StationEventRow on StationEvent {\n    id\n    chargePointId\n    kind\n    type\n    severity\n    timestamp\n    receivedAt\n    eventId\n    component\n    variable\n    evseId\n    connectorId\n    actualValue\n    cleared\n    techCode\n    techInfo\n    transactionId\n  }\n": typeof types.StationEventRowFragmentDoc,
    "\n  query StationEvents(\n    $chargePointId: String!\n    $kind: StationEventKind\n    $minSeverity: Int\n    $first: Int!\n    $after: String\n  ) {\n    stationEvents(chargePointId: $chargePointId, kind: $kind, minSeverity: $minSeverity, first: $first, after: $after) {\n      edges {\n        node {\n          ...StationEventRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.StationEventsDocument,
    "\n  subscription StationEventsLive($chargePointId: String!) {\n    stationEventReported(chargePointId: $chargePointId) {\n      ...StationEventRow\n    }\n  }\n": typeof types.StationEventsLiveDocument,
    "\n  mutation RemoteStart($chargePointId: String!, $idTag: String!, $connectorId: Int) {\n    remoteStartTransaction(chargePointId: $chargePointId, idTag: $idTag, connectorId: $connectorId) {\n      status\n    }\n  }\n": typeof types.RemoteStartDocument,
    "\n  mutation RemoteStop($chargePointId: String!, $transactionId: Int!) {\n    remoteStopTransaction(chargePointId: $chargePointId, transactionId: $transactionId) {\n      status\n    }\n  }\n": typeof types.RemoteStopDocument,
    "\n  mutation Reset($chargePointId: String!, $type: ResetType!) {\n    reset(chargePointId: $chargePointId, type: $type) {\n      status\n    }\n  }\n": typeof types.ResetDocument,
    "\n  mutation Unlock($chargePointId: String!, $connectorId: Int!) {\n    unlockConnector(chargePointId: $chargePointId, connectorId: $connectorId) {\n      status\n    }\n  }\n": typeof types.UnlockDocument,
    "\n  mutation ChangeAvailability($chargePointId: String!, $connectorId: Int!, $type: AvailabilityType!) {\n    changeAvailability(chargePointId: $chargePointId, connectorId: $connectorId, type: $type) {\n      status\n    }\n  }\n": typeof types.ChangeAvailabilityDocument,
    "\n  mutation TriggerMessage($chargePointId: String!, $requestedMessage: MessageTrigger!, $connectorId: Int) {\n    triggerMessage(chargePointId: $chargePointId, requestedMessage: $requestedMessage, connectorId: $connectorId) {\n      status\n    }\n  }\n": typeof types.TriggerMessageDocument,
    "\n  mutation GetConfiguration($chargePointId: String!) {\n    getConfiguration(chargePointId: $chargePointId) {\n      configurationKey {\n        key\n        value\n        readonly\n      }\n      unknownKey\n    }\n  }\n": typeof types.GetConfigurationDocument,
    "\n  mutation ChangeConfiguration($chargePointId: String!, $key: String!, $value: String!) {\n    changeConfiguration(chargePointId: $chargePointId, key: $key, value: $value) {\n      status\n    }\n  }\n": typeof types.ChangeConfigurationDocument,
    "\n  mutation SetRegistrationStatus($chargePointId: String!, $status: RegistrationStatus!) {\n    setRegistrationStatus(chargePointId: $chargePointId, status: $status) {\n      chargePointId\n      registrationStatus\n    }\n  }\n": typeof types.SetRegistrationStatusDocument,
    "\n  query Transactions($active: Boolean!, $first: Int!, $after: String) {\n    transactions(active: $active, first: $first, after: $after) {\n      edges {\n        node {\n          ...TransactionRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.TransactionsDocument,
    "\n  fragment TransactionDetails on Transaction {\n    ...TransactionRow\n    idTagStatus\n    chargingState\n    meterStart\n    meterStop\n    reservationId\n    meterValues {\n      timestamp\n      measurand\n      phase\n      context\n      unit\n      value\n    }\n  }\n": typeof types.TransactionDetailsFragmentDoc,
    "\n  query Transaction($transactionId: Int!) {\n    transaction(transactionId: $transactionId) {\n      ...TransactionDetails\n    }\n  }\n": typeof types.TransactionDocument,
    "\n  subscription TransactionLive($chargePointId: String!) {\n    transactionUpdated(chargePointId: $chargePointId) {\n      ...TransactionDetails\n    }\n  }\n": typeof types.TransactionLiveDocument,
    "\n  query IdTags($first: Int!, $after: String) {\n    idTags(first: $first, after: $after) {\n      edges {\n        node {\n          ...IdTagRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.IdTagsDocument,
    "\n  mutation UpsertIdTag($idTag: String!, $status: IdTagStatus!, $expiryDate: DateTime, $parentIdTag: String) {\n    upsertIdTag(idTag: $idTag, status: $status, expiryDate: $expiryDate, parentIdTag: $parentIdTag) {\n      ...IdTagRow\n    }\n  }\n": typeof types.UpsertIdTagDocument,
    "\n  query Me {\n    me {\n      kind\n      name\n      role\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      expiresAt\n    }\n  }\n": typeof types.LoginDocument,
};
const documents: Documents = {
    "\n  fragment ConnectorFields on Connector {\n    chargePointId\n    evseId\n    connectorId\n    status\n    errorCode\n    info\n    vendorErrorCode\n    statusAt\n  }\n": types.ConnectorFieldsFragmentDoc,
    "\n  fragment StationSummary on Station {\n    chargePointId\n    vendor\n    model\n    ocppVersion\n    registrationStatus\n    connected\n    connectedAt\n    disconnectedAt\n    lastHeartbeatAt\n    connectors {\n      ...ConnectorFields\n    }\n  }\n": types.StationSummaryFragmentDoc,
    "\n  fragment StationDetails on Station {\n    ...StationSummary\n    serialNumber\n    chargeBoxSerialNumber\n    firmwareVersion\n    firmwareStatus\n    diagnosticsStatus\n    iccid\n    imsi\n    meterType\n    meterSerialNumber\n    lastBootAt\n    createdAt\n    localListVersion\n    configurationFetchedAt\n    unknownConfigurationKeys\n    configuration {\n      key\n      value\n      readonly\n      updatedAt\n    }\n  }\n": types.StationDetailsFragmentDoc,
    "\n  fragment TransactionRow on Transaction {\n    transactionId\n    stationTransactionId\n    ocppVersion\n    chargePointId\n    evseId\n    connectorId\n    idTag\n    idTokenType\n    active\n    status\n    energyWh\n    startedAt\n    stoppedAt\n    stopReason\n    closeReason\n  }\n": types.TransactionRowFragmentDoc,
    "\n  fragment MessageRow on OcppMessage {\n    id\n    chargePointId\n    direction\n    messageType\n    action\n    uniqueId\n    payload\n    errorCode\n    errorDescription\n    createdAt\n  }\n": types.MessageRowFragmentDoc,
    "\n  fragment IdTagRow on IdTag {\n    idTag\n    status\n    expiryDate\n    parentIdTag\n    updatedAt\n  }\n": types.IdTagRowFragmentDoc,
    "\n  query NetworkSummary($since: DateTime!) {\n    networkSummary(since: $since) {\n      stationsOnline\n      stationsOffline\n      activeTransactions\n      energyWhSince\n      connectorsByStatus {\n        status\n        count\n      }\n    }\n  }\n": types.NetworkSummaryDocument,
    "\n  query Stations($first: Int!, $after: String) {\n    stations(first: $first, after: $after) {\n      edges {\n        node {\n          ...StationSummary\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.StationsDocument,
    "\n  subscription StationsLive {\n    stationUpdated {\n      ...StationSummary\n    }\n  }\n": types.StationsLiveDocument,
    "\n  subscription ConnectorsLive($chargePointId: String) {\n    connectorStatusChanged(chargePointId: $chargePointId) {\n      ...ConnectorFields\n    }\n  }\n": types.ConnectorsLiveDocument,
    "\n  subscription TransactionsLive($chargePointId: String) {\n    transactionUpdated(chargePointId: $chargePointId) {\n      ...TransactionRow\n    }\n  }\n": types.TransactionsLiveDocument,
    "\n  query Station($chargePointId: String!) {\n    station(chargePointId: $chargePointId) {\n      ...StationDetails\n    }\n  }\n": types.StationDocument,
    "\n  subscription StationLive($chargePointId: String!) {\n    stationUpdated(chargePointId: $chargePointId) {\n      ...StationDetails\n    }\n  }\n": types.StationLiveDocument,
    "\n  query StationTransactions($chargePointId: String!, $first: Int!) {\n    transactions(chargePointId: $chargePointId, first: $first) {\n      edges {\n        node {\n          ...TransactionRow\n        }\n      }\n    }\n  }\n": types.StationTransactionsDocument,
    "\n  query Messages($chargePointId: String!, $action: String, $first: Int!, $after: String) {\n    messages(chargePointId: $chargePointId, action: $action, first: $first, after: $after) {\n      edges {\n        node {\n          ...MessageRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.MessagesDocument,
    "\n  subscription MessagesLive($chargePointId: String!) {\n    ocppMessageLogged(chargePointId: $chargePointId) {\n      ...MessageRow\n    }\n  }\n": types.MessagesLiveDocument,
    "\n  fragment StationVariableRow on StationVariable {\n    component\n    componentInstance\n    evseId\n    connectorId\n    variable\n    variableInstance\n    attributeType\n    value\n    mutability\n    dataType\n    unit\n    updatedAt\n  }\n": types.StationVariableRowFragmentDoc,
    "\n  query DeviceModel($chargePointId: String!) {\n    station(chargePointId: $chargePointId) {\n      chargePointId\n      variables {\n        ...StationVariableRow\n      }\n    }\n  }\n": types.DeviceModelDocument,
    "\n  fragment StationEventRow on StationEvent {\n    id\n    chargePointId\n    kind\n    type\n    severity\n    timestamp\n    receivedAt\n    eventId\n    component\n    variable\n    evseId\n    connectorId\n    actualValue\n    cleared\n    techCode\n    techInfo\n    transactionId\n  }\n": types.StationEventRowFragmentDoc,
    "\n  query StationEvents(\n    $chargePointId: String!\n    $kind: StationEventKind\n    $minSeverity: Int\n    $first: Int!\n    $after: String\n  ) {\n    stationEvents(chargePointId: $chargePointId, kind: $kind, minSeverity: $minSeverity, first: $first, after: $after) {\n      edges {\n        node {\n          ...StationEventRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.StationEventsDocument,
    "\n  subscription StationEventsLive($chargePointId: String!) {\n    stationEventReported(chargePointId: $chargePointId) {\n      ...StationEventRow\n    }\n  }\n": types.StationEventsLiveDocument,
    "\n  mutation RemoteStart($chargePointId: String!, $idTag: String!, $connectorId: Int) {\n    remoteStartTransaction(chargePointId: $chargePointId, idTag: $idTag, connectorId: $connectorId) {\n      status\n    }\n  }\n": types.RemoteStartDocument,
    "\n  mutation RemoteStop($chargePointId: String!, $transactionId: Int!) {\n    remoteStopTransaction(chargePointId: $chargePointId, transactionId: $transactionId) {\n      status\n    }\n  }\n": types.RemoteStopDocument,
    "\n  mutation Reset($chargePointId: String!, $type: ResetType!) {\n    reset(chargePointId: $chargePointId, type: $type) {\n      status\n    }\n  }\n": types.ResetDocument,
    "\n  mutation Unlock($chargePointId: String!, $connectorId: Int!) {\n    unlockConnector(chargePointId: $chargePointId, connectorId: $connectorId) {\n      status\n    }\n  }\n": types.UnlockDocument,
    "\n  mutation ChangeAvailability($chargePointId: String!, $connectorId: Int!, $type: AvailabilityType!) {\n    changeAvailability(chargePointId: $chargePointId, connectorId: $connectorId, type: $type) {\n      status\n    }\n  }\n": types.ChangeAvailabilityDocument,
    "\n  mutation TriggerMessage($chargePointId: String!, $requestedMessage: MessageTrigger!, $connectorId: Int) {\n    triggerMessage(chargePointId: $chargePointId, requestedMessage: $requestedMessage, connectorId: $connectorId) {\n      status\n    }\n  }\n": types.TriggerMessageDocument,
    "\n  mutation GetConfiguration($chargePointId: String!) {\n    getConfiguration(chargePointId: $chargePointId) {\n      configurationKey {\n        key\n        value\n        readonly\n      }\n      unknownKey\n    }\n  }\n": types.GetConfigurationDocument,
    "\n  mutation ChangeConfiguration($chargePointId: String!, $key: String!, $value: String!) {\n    changeConfiguration(chargePointId: $chargePointId, key: $key, value: $value) {\n      status\n    }\n  }\n": types.ChangeConfigurationDocument,
    "\n  mutation SetRegistrationStatus($chargePointId: String!, $status: RegistrationStatus!) {\n    setRegistrationStatus(chargePointId: $chargePointId, status: $status) {\n      chargePointId\n      registrationStatus\n    }\n  }\n": types.SetRegistrationStatusDocument,
    "\n  query Transactions($active: Boolean!, $first: Int!, $after: String) {\n    transactions(active: $active, first: $first, after: $after) {\n      edges {\n        node {\n          ...TransactionRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.TransactionsDocument,
    "\n  fragment TransactionDetails on Transaction {\n    ...TransactionRow\n    idTagStatus\n    chargingState\n    meterStart\n    meterStop\n    reservationId\n    meterValues {\n      timestamp\n      measurand\n      phase\n      context\n      unit\n      value\n    }\n  }\n": types.TransactionDetailsFragmentDoc,
    "\n  query Transaction($transactionId: Int!) {\n    transaction(transactionId: $transactionId) {\n      ...TransactionDetails\n    }\n  }\n": types.TransactionDocument,
    "\n  subscription TransactionLive($chargePointId: String!) {\n    transactionUpdated(chargePointId: $chargePointId) {\n      ...TransactionDetails\n    }\n  }\n": types.TransactionLiveDocument,
    "\n  query IdTags($first: Int!, $after: String) {\n    idTags(first: $first, after: $after) {\n      edges {\n        node {\n          ...IdTagRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.IdTagsDocument,
    "\n  mutation UpsertIdTag($idTag: String!, $status: IdTagStatus!, $expiryDate: DateTime, $parentIdTag: String) {\n    upsertIdTag(idTag: $idTag, status: $status, expiryDate: $expiryDate, parentIdTag: $parentIdTag) {\n      ...IdTagRow\n    }\n  }\n": types.UpsertIdTagDocument,
    "\n  query Me {\n    me {\n      kind\n      name\n      role\n    }\n  }\n": types.MeDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      expiresAt\n    }\n  }\n": types.LoginDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConnectorFields on Connector {\n    chargePointId\n    evseId\n    connectorId\n    status\n    errorCode\n    info\n    vendorErrorCode\n    statusAt\n  }\n"): (typeof documents)["\n  fragment ConnectorFields on Connector {\n    chargePointId\n    evseId\n    connectorId\n    status\n    errorCode\n    info\n    vendorErrorCode\n    statusAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StationSummary on Station {\n    chargePointId\n    vendor\n    model\n    ocppVersion\n    registrationStatus\n    connected\n    connectedAt\n    disconnectedAt\n    lastHeartbeatAt\n    connectors {\n      ...ConnectorFields\n    }\n  }\n"): (typeof documents)["\n  fragment StationSummary on Station {\n    chargePointId\n    vendor\n    model\n    ocppVersion\n    registrationStatus\n    connected\n    connectedAt\n    disconnectedAt\n    lastHeartbeatAt\n    connectors {\n      ...ConnectorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StationDetails on Station {\n    ...StationSummary\n    serialNumber\n    chargeBoxSerialNumber\n    firmwareVersion\n    firmwareStatus\n    diagnosticsStatus\n    iccid\n    imsi\n    meterType\n    meterSerialNumber\n    lastBootAt\n    createdAt\n    localListVersion\n    configurationFetchedAt\n    unknownConfigurationKeys\n    configuration {\n      key\n      value\n      readonly\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  fragment StationDetails on Station {\n    ...StationSummary\n    serialNumber\n    chargeBoxSerialNumber\n    firmwareVersion\n    firmwareStatus\n    diagnosticsStatus\n    iccid\n    imsi\n    meterType\n    meterSerialNumber\n    lastBootAt\n    createdAt\n    localListVersion\n    configurationFetchedAt\n    unknownConfigurationKeys\n    configuration {\n      key\n      value\n      readonly\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TransactionRow on Transaction {\n    transactionId\n    stationTransactionId\n    ocppVersion\n    chargePointId\n    evseId\n    connectorId\n    idTag\n    idTokenType\n    active\n    status\n    energyWh\n    startedAt\n    stoppedAt\n    stopReason\n    closeReason\n  }\n"): (typeof documents)["\n  fragment TransactionRow on Transaction {\n    transactionId\n    stationTransactionId\n    ocppVersion\n    chargePointId\n    evseId\n    connectorId\n    idTag\n    idTokenType\n    active\n    status\n    energyWh\n    startedAt\n    stoppedAt\n    stopReason\n    closeReason\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MessageRow on OcppMessage {\n    id\n    chargePointId\n    direction\n    messageType\n    action\n    uniqueId\n    payload\n    errorCode\n    errorDescription\n    createdAt\n  }\n"): (typeof documents)["\n  fragment MessageRow on OcppMessage {\n    id\n    chargePointId\n    direction\n    messageType\n    action\n    uniqueId\n    payload\n    errorCode\n    errorDescription\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment IdTagRow on IdTag {\n    idTag\n    status\n    expiryDate\n    parentIdTag\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment IdTagRow on IdTag {\n    idTag\n    status\n    expiryDate\n    parentIdTag\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NetworkSummary($since: DateTime!) {\n    networkSummary(since: $since) {\n      stationsOnline\n      stationsOffline\n      activeTransactions\n      energyWhSince\n      connectorsByStatus {\n        status\n        count\n      }\n    }\n  }\n"): (typeof documents)["\n  query NetworkSummary($since: DateTime!) {\n    networkSummary(since: $since) {\n      stationsOnline\n      stationsOffline\n      activeTransactions\n      energyWhSince\n      connectorsByStatus {\n        status\n        count\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Stations($first: Int!, $after: String) {\n    stations(first: $first, after: $after) {\n      edges {\n        node {\n          ...StationSummary\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Stations($first: Int!, $after: String) {\n    stations(first: $first, after: $after) {\n      edges {\n        node {\n          ...StationSummary\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription StationsLive {\n    stationUpdated {\n      ...StationSummary\n    }\n  }\n"): (typeof documents)["\n  subscription StationsLive {\n    stationUpdated {\n      ...StationSummary\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConnectorsLive($chargePointId: String) {\n    connectorStatusChanged(chargePointId: $chargePointId) {\n      ...ConnectorFields\n    }\n  }\n"): (typeof documents)["\n  subscription ConnectorsLive($chargePointId: String) {\n    connectorStatusChanged(chargePointId: $chargePointId) {\n      ...ConnectorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TransactionsLive($chargePointId: String) {\n    transactionUpdated(chargePointId: $chargePointId) {\n      ...TransactionRow\n    }\n  }\n"): (typeof documents)["\n  subscription TransactionsLive($chargePointId: String) {\n    transactionUpdated(chargePointId: $chargePointId) {\n      ...TransactionRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Station($chargePointId: String!) {\n    station(chargePointId: $chargePointId) {\n      ...StationDetails\n    }\n  }\n"): (typeof documents)["\n  query Station($chargePointId: String!) {\n    station(chargePointId: $chargePointId) {\n      ...StationDetails\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription StationLive($chargePointId: String!) {\n    stationUpdated(chargePointId: $chargePointId) {\n      ...StationDetails\n    }\n  }\n"): (typeof documents)["\n  subscription StationLive($chargePointId: String!) {\n    stationUpdated(chargePointId: $chargePointId) {\n      ...StationDetails\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StationTransactions($chargePointId: String!, $first: Int!) {\n    transactions(chargePointId: $chargePointId, first: $first) {\n      edges {\n        node {\n          ...TransactionRow\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query StationTransactions($chargePointId: String!, $first: Int!) {\n    transactions(chargePointId: $chargePointId, first: $first) {\n      edges {\n        node {\n          ...TransactionRow\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Messages($chargePointId: String!, $action: String, $first: Int!, $after: String) {\n    messages(chargePointId: $chargePointId, action: $action, first: $first, after: $after) {\n      edges {\n        node {\n          ...MessageRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Messages($chargePointId: String!, $action: String, $first: Int!, $after: String) {\n    messages(chargePointId: $chargePointId, action: $action, first: $first, after: $after) {\n      edges {\n        node {\n          ...MessageRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MessagesLive($chargePointId: String!) {\n    ocppMessageLogged(chargePointId: $chargePointId) {\n      ...MessageRow\n    }\n  }\n"): (typeof documents)["\n  subscription MessagesLive($chargePointId: String!) {\n    ocppMessageLogged(chargePointId: $chargePointId) {\n      ...MessageRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StationVariableRow on StationVariable {\n    component\n    componentInstance\n    evseId\n    connectorId\n    variable\n    variableInstance\n    attributeType\n    value\n    mutability\n    dataType\n    unit\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment StationVariableRow on StationVariable {\n    component\n    componentInstance\n    evseId\n    connectorId\n    variable\n    variableInstance\n    attributeType\n    value\n    mutability\n    dataType\n    unit\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeviceModel($chargePointId: String!) {\n    station(chargePointId: $chargePointId) {\n      chargePointId\n      variables {\n        ...StationVariableRow\n      }\n    }\n  }\n"): (typeof documents)["\n  query DeviceModel($chargePointId: String!) {\n    station(chargePointId: $chargePointId) {\n      chargePointId\n      variables {\n        ...StationVariableRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StationEventRow on StationEvent {\n    id\n    chargePointId\n    kind\n    type\n    severity\n    timestamp\n    receivedAt\n    eventId\n    component\n    variable\n    evseId\n    connectorId\n    actualValue\n    cleared\n    techCode\n    techInfo\n    transactionId\n  }\n"): (typeof documents)["\n  fragment StationEventRow on StationEvent {\n    id\n    chargePointId\n    kind\n    type\n    severity\n    timestamp\n    receivedAt\n    eventId\n    component\n    variable\n    evseId\n    connectorId\n    actualValue\n    cleared\n    techCode\n    techInfo\n    transactionId\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StationEvents(\n    $chargePointId: String!\n    $kind: StationEventKind\n    $minSeverity: Int\n    $first: Int!\n    $after: String\n  ) {\n    stationEvents(chargePointId: $chargePointId, kind: $kind, minSeverity: $minSeverity, first: $first, after: $after) {\n      edges {\n        node {\n          ...StationEventRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query StationEvents(\n    $chargePointId: String!\n    $kind: StationEventKind\n    $minSeverity: Int\n    $first: Int!\n    $after: String\n  ) {\n    stationEvents(chargePointId: $chargePointId, kind: $kind, minSeverity: $minSeverity, first: $first, after: $after) {\n      edges {\n        node {\n          ...StationEventRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription StationEventsLive($chargePointId: String!) {\n    stationEventReported(chargePointId: $chargePointId) {\n      ...StationEventRow\n    }\n  }\n"): (typeof documents)["\n  subscription StationEventsLive($chargePointId: String!) {\n    stationEventReported(chargePointId: $chargePointId) {\n      ...StationEventRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoteStart($chargePointId: String!, $idTag: String!, $connectorId: Int) {\n    remoteStartTransaction(chargePointId: $chargePointId, idTag: $idTag, connectorId: $connectorId) {\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation RemoteStart($chargePointId: String!, $idTag: String!, $connectorId: Int) {\n    remoteStartTransaction(chargePointId: $chargePointId, idTag: $idTag, connectorId: $connectorId) {\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoteStop($chargePointId: String!, $transactionId: Int!) {\n    remoteStopTransaction(chargePointId: $chargePointId, transactionId: $transactionId) {\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation RemoteStop($chargePointId: String!, $transactionId: Int!) {\n    remoteStopTransaction(chargePointId: $chargePointId, transactionId: $transactionId) {\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Reset($chargePointId: String!, $type: ResetType!) {\n    reset(chargePointId: $chargePointId, type: $type) {\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation Reset($chargePointId: String!, $type: ResetType!) {\n    reset(chargePointId: $chargePointId, type: $type) {\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Unlock($chargePointId: String!, $connectorId: Int!) {\n    unlockConnector(chargePointId: $chargePointId, connectorId: $connectorId) {\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation Unlock($chargePointId: String!, $connectorId: Int!) {\n    unlockConnector(chargePointId: $chargePointId, connectorId: $connectorId) {\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeAvailability($chargePointId: String!, $connectorId: Int!, $type: AvailabilityType!) {\n    changeAvailability(chargePointId: $chargePointId, connectorId: $connectorId, type: $type) {\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ChangeAvailability($chargePointId: String!, $connectorId: Int!, $type: AvailabilityType!) {\n    changeAvailability(chargePointId: $chargePointId, connectorId: $connectorId, type: $type) {\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TriggerMessage($chargePointId: String!, $requestedMessage: MessageTrigger!, $connectorId: Int) {\n    triggerMessage(chargePointId: $chargePointId, requestedMessage: $requestedMessage, connectorId: $connectorId) {\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation TriggerMessage($chargePointId: String!, $requestedMessage: MessageTrigger!, $connectorId: Int) {\n    triggerMessage(chargePointId: $chargePointId, requestedMessage: $requestedMessage, connectorId: $connectorId) {\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation GetConfiguration($chargePointId: String!) {\n    getConfiguration(chargePointId: $chargePointId) {\n      configurationKey {\n        key\n        value\n        readonly\n      }\n      unknownKey\n    }\n  }\n"): (typeof documents)["\n  mutation GetConfiguration($chargePointId: String!) {\n    getConfiguration(chargePointId: $chargePointId) {\n      configurationKey {\n        key\n        value\n        readonly\n      }\n      unknownKey\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeConfiguration($chargePointId: String!, $key: String!, $value: String!) {\n    changeConfiguration(chargePointId: $chargePointId, key: $key, value: $value) {\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ChangeConfiguration($chargePointId: String!, $key: String!, $value: String!) {\n    changeConfiguration(chargePointId: $chargePointId, key: $key, value: $value) {\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetRegistrationStatus($chargePointId: String!, $status: RegistrationStatus!) {\n    setRegistrationStatus(chargePointId: $chargePointId, status: $status) {\n      chargePointId\n      registrationStatus\n    }\n  }\n"): (typeof documents)["\n  mutation SetRegistrationStatus($chargePointId: String!, $status: RegistrationStatus!) {\n    setRegistrationStatus(chargePointId: $chargePointId, status: $status) {\n      chargePointId\n      registrationStatus\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Transactions($active: Boolean!, $first: Int!, $after: String) {\n    transactions(active: $active, first: $first, after: $after) {\n      edges {\n        node {\n          ...TransactionRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Transactions($active: Boolean!, $first: Int!, $after: String) {\n    transactions(active: $active, first: $first, after: $after) {\n      edges {\n        node {\n          ...TransactionRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TransactionDetails on Transaction {\n    ...TransactionRow\n    idTagStatus\n    chargingState\n    meterStart\n    meterStop\n    reservationId\n    meterValues {\n      timestamp\n      measurand\n      phase\n      context\n      unit\n      value\n    }\n  }\n"): (typeof documents)["\n  fragment TransactionDetails on Transaction {\n    ...TransactionRow\n    idTagStatus\n    chargingState\n    meterStart\n    meterStop\n    reservationId\n    meterValues {\n      timestamp\n      measurand\n      phase\n      context\n      unit\n      value\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Transaction($transactionId: Int!) {\n    transaction(transactionId: $transactionId) {\n      ...TransactionDetails\n    }\n  }\n"): (typeof documents)["\n  query Transaction($transactionId: Int!) {\n    transaction(transactionId: $transactionId) {\n      ...TransactionDetails\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TransactionLive($chargePointId: String!) {\n    transactionUpdated(chargePointId: $chargePointId) {\n      ...TransactionDetails\n    }\n  }\n"): (typeof documents)["\n  subscription TransactionLive($chargePointId: String!) {\n    transactionUpdated(chargePointId: $chargePointId) {\n      ...TransactionDetails\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IdTags($first: Int!, $after: String) {\n    idTags(first: $first, after: $after) {\n      edges {\n        node {\n          ...IdTagRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query IdTags($first: Int!, $after: String) {\n    idTags(first: $first, after: $after) {\n      edges {\n        node {\n          ...IdTagRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpsertIdTag($idTag: String!, $status: IdTagStatus!, $expiryDate: DateTime, $parentIdTag: String) {\n    upsertIdTag(idTag: $idTag, status: $status, expiryDate: $expiryDate, parentIdTag: $parentIdTag) {\n      ...IdTagRow\n    }\n  }\n"): (typeof documents)["\n  mutation UpsertIdTag($idTag: String!, $status: IdTagStatus!, $expiryDate: DateTime, $parentIdTag: String) {\n    upsertIdTag(idTag: $idTag, status: $status, expiryDate: $expiryDate, parentIdTag: $parentIdTag) {\n      ...IdTagRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      kind\n      name\n      role\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      kind\n      name\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      expiresAt\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;