/**
 * What a Guard hook's execution role may do with its rules file, from "Prepare to create a Guard Hook"
 * (CloudFormation Hooks User Guide), whose minimum policy is these actions and `s3:PutObject` on the log bucket
 * (granted through the bucket's own `grantPut`).
 */

/** On the rules object: read it, and the version a `VersionId` names. */
export const RULES_OBJECT_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'];

/** On the rules bucket: the hook lists it to find the rules object. */
export const RULES_BUCKET_ACTIONS = ['s3:ListBucket'];
