/**
 * The inline Node.js code of the isolated network's helper function, which serves one custom resource,
 * `Custom::VpcRestrictDefaultSG` (properties `DefaultSecurityGroupId`, `S3ServiceName`, `DynamoDbServiceName`).
 * On Create and Update it revokes every ingress and egress rule of the VPC's default security group, then looks
 * up the AWS-managed prefix lists of the two gateway endpoint services and returns their ids as the attributes
 * `S3PrefixListId` and `DynamoDbPrefixListId` (one resource for both jobs: each resource costs a slot of the
 * stack's 500). Delete is a successful no-op: the group stays closed and is deleted with its VPC.
 *
 * It answers CloudFormation with the custom-resource protocol: a PUT of
 * `{ Status, Reason, PhysicalResourceId, StackId, RequestId, LogicalResourceId, NoEcho, Data }` to the
 * pre-signed `ResponseURL`, retried three times; every error becomes a FAILED answer with the error's name and
 * message. The function runs in isolated subnets: it reaches EC2 through the EC2 interface endpoint (private
 * DNS) and the response bucket through the S3 gateway endpoint. It never logs the event as a whole, since the
 * response URL is a pre-signed credential.
 *
 * Uses the AWS SDK for JavaScript v3 that the Node.js runtime provides, so the code has no dependency to
 * bundle. Written without template literals so that it can live in a TypeScript template string unescaped.
 * @internal
 */
export const HELPER_HANDLER_CODE = `'use strict';
const https = require('https');
const sdk = require('@aws-sdk/client-ec2');

const ec2 = new sdk.EC2Client({});
/** CloudFormation rejects responses above 4 KB: keep the reason well below. */
const MAX_REASON_LENGTH = 1000;
/**
 * Time kept back from the function's timeout to answer before Lambda stops the function: three attempts of at
 * most 10 s each and pauses of 1 s and 2 s between them (33 s), with a margin.
 */
const RESPONSE_RESERVE_MS = 40000;
const RESPONSE_ATTEMPTS = 3;

exports.handler = async function handler(event, context) {
  log('request', {
    RequestType: event.RequestType,
    ResourceType: event.ResourceType,
    LogicalResourceId: event.LogicalResourceId,
    RequestId: event.RequestId,
  });
  let response;
  try {
    const result = await withDeadline(handle(event), context);
    response = { Status: 'SUCCESS', Reason: '', PhysicalResourceId: result.physicalId, Data: result.data };
  } catch (error) {
    log('failed', { error: String((error && error.stack) || error) });
    response = {
      Status: 'FAILED',
      Reason: describe(error).slice(0, MAX_REASON_LENGTH) + ' (log stream ' + context.logStreamName + ')',
      PhysicalResourceId: event.PhysicalResourceId || context.logStreamName,
      Data: {},
    };
  }
  await respond(event, response);
};

async function handle(event) {
  const properties = event.ResourceProperties || {};
  switch (event.ResourceType) {
    case 'Custom::VpcRestrictDefaultSG':
      return closeDefaultSecurityGroup(event, properties);
    default:
      throw new Error('Unsupported resource type ' + event.ResourceType);
  }
}

async function closeDefaultSecurityGroup(event, properties) {
  if (event.RequestType === 'Delete') {
    // Nothing to undo: the group stays closed and is deleted with its VPC.
    return { physicalId: event.PhysicalResourceId, data: {} };
  }
  const groupId = required(properties, 'DefaultSecurityGroupId');
  const described = await ec2.send(new sdk.DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
  const group = (described.SecurityGroups || [])[0];
  if (!group || group.GroupName !== 'default') {
    throw new Error(groupId + ' is not the default security group of a VPC');
  }
  const ingress = group.IpPermissions || [];
  const egress = group.IpPermissionsEgress || [];
  if (ingress.length > 0) {
    await ec2.send(new sdk.RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: ingress }));
  }
  if (egress.length > 0) {
    await ec2.send(new sdk.RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: egress }));
  }
  log('closed', { GroupId: groupId, IngressRevoked: ingress.length, EgressRevoked: egress.length });
  return { physicalId: groupId, data: await lookUpPrefixLists(properties) };
}

async function lookUpPrefixLists(properties) {
  const s3 = required(properties, 'S3ServiceName');
  const dynamoDb = required(properties, 'DynamoDbServiceName');
  const result = await ec2.send(
    new sdk.DescribePrefixListsCommand({ Filters: [{ Name: 'prefix-list-name', Values: [s3, dynamoDb] }] }),
  );
  const ids = {};
  for (const prefixList of result.PrefixLists || []) {
    ids[prefixList.PrefixListName] = prefixList.PrefixListId;
  }
  for (const name of [s3, dynamoDb]) {
    if (!ids[name]) {
      throw new Error('No AWS-managed prefix list is named ' + name);
    }
  }
  const data = { S3PrefixListId: ids[s3], DynamoDbPrefixListId: ids[dynamoDb] };
  log('found', data);
  return data;
}

function required(properties, name) {
  const value = properties[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new Error('Missing resource property ' + name);
  }
  return value;
}

function withDeadline(promise, context) {
  const ms = Math.max(context.getRemainingTimeInMillis() - RESPONSE_RESERVE_MS, 1000);
  let timer;
  const deadline = new Promise(function (resolve, reject) {
    timer = setTimeout(function () {
      reject(new Error('No answer from EC2 within ' + Math.round(ms / 1000) + ' s: check the EC2 interface endpoint and its security group'));
    }, ms);
  });
  return Promise.race([promise, deadline]).finally(function () {
    clearTimeout(timer);
  });
}

async function respond(event, response) {
  const body = JSON.stringify({
    Status: response.Status,
    Reason: response.Reason,
    PhysicalResourceId: response.PhysicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    NoEcho: false,
    Data: response.Data,
  });
  for (let attempt = 1; ; attempt++) {
    try {
      await put(event.ResponseURL, body);
      log('responded', { Status: response.Status, Attempt: attempt });
      return;
    } catch (error) {
      log('response failed', { Attempt: attempt, error: describe(error) });
      if (attempt >= RESPONSE_ATTEMPTS) {
        throw error;
      }
      await new Promise(function (resolve) {
        setTimeout(resolve, 1000 * attempt);
      });
    }
  }
}

function put(url, body) {
  return new Promise(function (resolve, reject) {
    const request = https.request(
      url,
      { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) }, timeout: 10000 },
      function (answer) {
        answer.resume();
        answer.on('end', function () {
          if (answer.statusCode >= 200 && answer.statusCode < 300) {
            resolve();
          } else {
            reject(new Error('The response URL answered HTTP ' + answer.statusCode));
          }
        });
      },
    );
    request.on('timeout', function () {
      request.destroy(new Error('The response URL did not answer within 10 s'));
    });
    request.on('error', reject);
    request.end(body);
  });
}

function describe(error) {
  if (error && error.message) {
    return (error.name ? error.name + ': ' : '') + error.message;
  }
  return String(error);
}

function log(message, fields) {
  console.log(JSON.stringify(Object.assign({ message: message }, fields)));
}
`;
