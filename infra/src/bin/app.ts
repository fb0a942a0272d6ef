#!/usr/bin/env node
// Entry point of `cdk synth` / `cdk deploy` (see cdk.json). Pick the environment with
// `-c imageserver:environment=<name>`; cdk.json defaults to `example`.
import { createApp } from '../app/createApp';

createApp().app.synth();
