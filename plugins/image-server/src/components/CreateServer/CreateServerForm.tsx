import { Alert, Button, Flex, Grid, Select, Switch, Text, TextField } from '@backstage/ui';
import { useMemo, useState } from 'react';
import type { CreateServerRequest, ImageServerSummary } from '../../api';
import {
  crdLimits,
  defaultFormValues,
  sizes,
  suggestedBucket,
  toCreateServerRequest,
  validateCreateServerForm,
} from '../../lib';
import type { CreateServerFormValues, FormErrors } from '../../lib';

type Field = keyof CreateServerFormValues;

/**
 * The create form. Problems show after the first attempt to submit and then follow the input;
 * the request leaves only when the form matches every CRD rule the portal knows.
 */
export function CreateServerForm(props: {
  defaultCluster?: string;
  onSubmit: (request: CreateServerRequest) => Promise<ImageServerSummary>;
  onCreated?: (summary: ImageServerSummary) => void;
}) {
  const [values, setValues] = useState<CreateServerFormValues>(() =>
    defaultFormValues(props.defaultCluster ?? ''),
  );
  const [attempted, setAttempted] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string>();
  const errors: FormErrors = useMemo(
    () => (attempted ? validateCreateServerForm(values) : {}),
    [attempted, values],
  );

  const set = <K extends Field>(field: K, value: CreateServerFormValues[K]) =>
    setValues((v) => ({ ...v, [field]: value }));
  const text = (field: Field, label: string, extra: { description?: string; placeholder?: string } = {}) => (
    <TextField
      label={label}
      name={field}
      value={String(values[field])}
      onChange={(v) => set(field, v as never)}
      validate={() => errors[field] ?? null}
      validationBehavior="aria"
      {...extra}
    />
  );

  const submit = async () => {
    setAttempted(true);
    setFailure(undefined);
    if (Object.keys(validateCreateServerForm(values)).length > 0) return;
    setSubmitting(true);
    try {
      const created = await props.onSubmit(toCreateServerRequest(values));
      props.onCreated?.(created);
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
    } finally {
      setSubmitting(false);
    }
  };

  const problemCount = Object.keys(errors).length;
  return (
    <form
      aria-label="Create image server"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Flex direction="column" gap="4">
        <Text as="h3" variant="title-x-small">
          Where
        </Text>
        <Grid.Root columns={{ initial: '1', md: '3' }} gap="3">
          {text('cluster', 'Cluster')}
          {text('namespace', 'Namespace')}
          {text('name', 'Name', { description: 'Lowercase letters, digits and -, starting with a letter.' })}
        </Grid.Root>

        <Text as="h3" variant="title-x-small">
          Size and scaling
        </Text>
        <Grid.Root columns={{ initial: '1', md: '3' }} gap="3">
          <Select
            label="Size"
            name="size"
            selectedKey={values.size}
            onSelectionChange={(k) => set('size', k as CreateServerFormValues['size'])}
            options={Object.entries(sizes).map(([id, s]) => ({ id, label: s.label }))}
          />
          {text('image', 'Container image')}
          <Switch
            label="Autoscaling"
            isSelected={values.autoscaling}
            onChange={(on) => set('autoscaling', on)}
          />
        </Grid.Root>
        {values.autoscaling ? (
          <Grid.Root columns={{ initial: '1', md: '3' }} gap="3">
            {text('minReplicas', 'Minimum replicas')}
            {text('maxReplicas', 'Maximum replicas')}
            {text('targetCPUUtilization', 'Target CPU utilization (%)')}
          </Grid.Root>
        ) : (
          <Grid.Root columns={{ initial: '1', md: '3' }} gap="3">
            {text('replicas', 'Replicas')}
          </Grid.Root>
        )}

        <Text as="h3" variant="title-x-small">
          Storage
        </Text>
        <Grid.Root columns={{ initial: '1', md: '3' }} gap="3">
          {text('bucket', 'S3 bucket', {
            placeholder: suggestedBucket(values.namespace, values.name) || 'imageserver-…',
          })}
          <Select
            label="When the server is deleted"
            name="deletionPolicy"
            selectedKey={values.deletionPolicy}
            onSelectionChange={(k) => set('deletionPolicy', k as CreateServerFormValues['deletionPolicy'])}
            options={[
              { id: 'Retain', label: 'Keep the bucket (Retain)' },
              { id: 'Delete', label: 'Delete the bucket (Delete)' },
            ]}
          />
          {text('expireVariantsDays', 'Days before variants expire', { placeholder: 'never' })}
          {text('transitionToInfrequentAccessDays', 'Days to Infrequent Access', {
            placeholder: `at least ${crdLimits.lifecycle.transitionToInfrequentAccessDays.minimum}`,
          })}
          {text('transitionToGlacierInstantRetrievalDays', 'Days to Glacier Instant Retrieval', {
            placeholder: 'never',
          })}
          <Flex direction="column" gap="1">
            <Switch
              label="Intelligent-Tiering"
              isSelected={values.intelligentTiering}
              onChange={(on) => set('intelligentTiering', on)}
            />
            {errors.intelligentTiering && (
              <Text variant="body-small" color="danger" role="alert">
                {errors.intelligentTiering}
              </Text>
            )}
          </Flex>
        </Grid.Root>

        <Text as="h3" variant="title-x-small">
          Tagging and visibility
        </Text>
        <Grid.Root columns={{ initial: '1', md: '3' }} gap="3">
          <Select
            label="Tagging mode"
            name="taggingMode"
            selectedKey={values.taggingMode}
            onSelectionChange={(k) => set('taggingMode', k as CreateServerFormValues['taggingMode'])}
            options={[
              { id: 'inline', label: 'Inline (in the server)' },
              { id: 'queue', label: 'Queue (workers, needs Redis)' },
              { id: 'lambda', label: 'Lambda (on S3 events)' },
              { id: 'off', label: 'Off (no automatic tags)' },
            ]}
          />
          {values.taggingMode === 'queue' && text('cacheSecretName', 'Redis URL Secret')}
          <Select
            label="Default visibility"
            name="defaultVisibility"
            selectedKey={values.defaultVisibility}
            onSelectionChange={(k) =>
              set('defaultVisibility', k as CreateServerFormValues['defaultVisibility'])
            }
            options={[
              { id: 'public', label: 'Public' },
              { id: 'private', label: 'Private (signed URLs)' },
            ]}
          />
        </Grid.Root>

        {problemCount > 0 && (
          <Alert
            status="danger"
            title={`Fix ${problemCount} problem${problemCount === 1 ? '' : 's'} before creating`}
            description={errors.spec}
          />
        )}
        {failure && <Alert status="danger" title="The image server was not created" description={failure} />}
        <Flex>
          <Button type="submit" variant="primary" loading={submitting}>
            Create
          </Button>
        </Flex>
      </Flex>
    </form>
  );
}
