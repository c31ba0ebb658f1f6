/**
 * The rehearsal's stand-in for CloudFormation termination protection, which
 * moto lacks (scripts/rehearse/moto.ts): DescribeStacks must report it for
 * the protected stack only, in the stack's own element.
 */
import { withTerminationProtection } from '../../../scripts/rehearse/moto';

const stack = (name: string) =>
  `<member><StackId>arn:${name}</StackId><StackName>${name}</StackName>` +
  `<Tags><member><Key>STAGE</Key><Value>x</Value></member></Tags>` +
  `<Outputs><member><OutputKey>K</OutputKey></member></Outputs>` +
  `<EnableTerminationProtection>false</EnableTerminationProtection></member>`;
const response = (...stacks: string[]) =>
  `<DescribeStacksResponse><DescribeStacksResult><Stacks>${stacks.join('')}</Stacks>` +
  `</DescribeStacksResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeStacksResponse>`;

describe('withTerminationProtection', () => {
  it("sets the protected stack's own flag and leaves its nested lists and other stacks alone", () => {
    const xml = response(stack('commerce-prod'), stack('commerce-dev'));
    const out = withTerminationProtection(xml, (name) => name === 'commerce-prod');
    expect(out).toBe(
      response(
        stack('commerce-prod').replace(
          '<EnableTerminationProtection>false',
          '<EnableTerminationProtection>true',
        ),
        stack('commerce-dev'),
      ),
    );
  });

  it('returns a response without stacks unchanged', () => {
    const xml = '<ErrorResponse><Error><Code>ValidationError</Code></Error></ErrorResponse>';
    expect(withTerminationProtection(xml, () => true)).toBe(xml);
  });
});
