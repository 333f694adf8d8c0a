// The shared UI kit: every panel is built from these.
export { Panel, Section, Facts, Badge, type PanelProps } from './Panel';
export { Button, IconButton, type ButtonProps } from './Button';
export { Tabs, type TabItem } from './Tabs';
export { Table, type Column } from './Table';
export { Countdown, useTicker } from './Countdown';
export { ProgressBar } from './ProgressBar';
export { Toasts, useToastsBelow } from './Toasts';
export { Field, FormErrors, FormRow } from './Field';
export { Loading, Empty, ErrorNote, Locked } from './States';
