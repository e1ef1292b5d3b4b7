// fabric-contract-api logs every decorator at info level; tests keep warnings only.
process.env.CORE_CHAINCODE_LOGGING_LEVEL = process.env.CORE_CHAINCODE_LOGGING_LEVEL || 'warning';
// tsyringe and the contract decorators read design-time metadata, as in every entry point.
require('reflect-metadata');
