// fabric-contract-api logs every decorator at info level when the contracts load; keep
// warnings only unless the operator asks for more. Imported first by every entry point.
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'warning';
