import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

/**
 * A stand-in feature function for gateway tests: it answers with the event and the parts of the Lambda context
 * it was called with, so a test can assert on exactly what a real handler would receive.
 */
export const handler = async (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json', etag: '"echo"', location: '/v1/echo' },
  cookies: ['a=1; Path=/', 'b=2; Path=/'],
  body: JSON.stringify({
    event,
    context: {
      functionName: context.functionName,
      awsRequestId: context.awsRequestId,
      invokedFunctionArn: context.invokedFunctionArn,
      remainingTimeInMillis: context.getRemainingTimeInMillis(),
    },
  }),
});

export interface EchoBody {
  event: APIGatewayProxyEventV2WithJWTAuthorizer;
  context: { functionName: string; awsRequestId: string; invokedFunctionArn: string; remainingTimeInMillis: number };
}
